using System.Globalization;
using Reservoir.Algorithms.CnnClassifier.Tool;
using Reservoir.Algorithms.CnnClassifier.Training;

const string Usage = """
    reservoir-classifier train [--output DIR] [--samples 6000] [--epochs 6] [--seed 1] [--integrations 16] [--threads 0]
        trains the stamp classifier (noise / narrowband / broadband) on synthetic stamps, prints held-out accuracy,
        writes DIR/stamp-classifier.json + stamp-classifier.bin (default DIR: stamp-classifier)
    reservoir-classifier bench [--images 24] [--frame 2016] [--binning 9] [--batch 8] [--threads 0] [--python /usr/bin/python3]
        VGG16 (random weights) on 224x224 single-channel FITS frames binned from FRAMExFRAME: images/s end to end
        and inference only, beside Debian PyTorch (astropy + torch) on the same frames
    """;

if (args.Length == 0 || args[0] is "-h" or "--help") { Console.WriteLine(Usage); return args.Length == 0 ? 2 : 0; }
try
{
    var options = new CommandLine(args[1..]);
    switch (args[0])
    {
        case "train":
            var training = new StampTrainingOptions
            {
                Output = options.Text("output", "stamp-classifier"),
                Samples = options.Int("samples", 6000),
                Epochs = options.Int("epochs", 6),
                Seed = options.Int("seed", 1),
                Integrations = options.Int("integrations", 16),
                Threads = options.Int("threads", 0),
            };
            options.RejectUnknown();
            var result = StampTrainer.Train(training, Console.WriteLine);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"held-out accuracy {result.HeldOutAccuracy:P2} ({result.HeldOutCount} stamps) in {result.Elapsed.TotalSeconds:F0} s; confusion [true x predicted] (noise, narrowband, broadband):"));
            for (var t = 0; t < 3; t++) Console.WriteLine($"  {StampTrainer.ClassNames[t],-10} {result.Confusion[t, 0],6} {result.Confusion[t, 1],6} {result.Confusion[t, 2],6}");
            return 0;
        case "bench":
            return Benchmark.Run(options);
        default:
            throw new ArgumentException($"unknown command '{args[0]}'");
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"reservoir-classifier: {e.Message}");
    Console.Error.WriteLine(Usage);
    return 2;
}
