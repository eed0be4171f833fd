using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Reservoir.Algorithms.CnnClassifier.Inference;
using Reservoir.Algorithms.CnnClassifier.Items;
using Reservoir.Algorithms.CnnClassifier.Models;
using Reservoir.Algorithms.CnnClassifier.Models.Architectures;
using Reservoir.Algorithms.CnnClassifier.Runtime;
using TorchSharp;

namespace Reservoir.Algorithms.CnnClassifier.Tool;

/// <summary>
/// <c>bench</c>: VGG16 (random weights, 1 input channel, 3 classes) on 224×224 frames median-binned 9×9 from
/// single-channel float32 FITS frames that astropy writes. Measures images/s end to end (read + bin + z-score + infer,
/// the plugin's own item source and batched inference) and inference only, then runs Debian PyTorch (astropy +
/// numpy median binning + torch, same threads, same batch) on the same files in the same run.
/// </summary>
internal static class Benchmark
{
    public static int Run(CommandLine options)
    {
        var images = options.Int("images", 24);
        var frame = options.Int("frame", 2016);
        var binning = options.Int("binning", 9);
        var batch = options.Int("batch", 8);
        var threads = options.Int("threads", 0);
        var python = options.Text("python", "/usr/bin/python3");
        options.RejectUnknown();
        if (images < batch || batch < 1 || frame / binning < 1) throw new ArgumentException("need images >= batch >= 1 and frame >= binning");

        TorchRuntime.EnsureInitialized(threads);
        var folder = Directory.CreateTempSubdirectory("reservoir-bench-").FullName;
        try
        {
            var script = Path.Combine(folder, "pytorch_bench.py");
            File.WriteAllText(script, PythonBench.Script);
            var frames = Directory.CreateDirectory(Path.Combine(folder, "frames")).FullName;
            Python(python, script, "write", frames, images.ToString(CultureInfo.InvariantCulture), frame.ToString(CultureInfo.InvariantCulture));

            torch.random.manual_seed(1);
            var sidecar = new ModelSidecar
            {
                Architecture = ModelArchitecture.Vgg16, Weights = "vgg16.bin", InputShape = [1, 224, 224], ClassNames = ["good", "shutter", "wobble"],
                ItemKind = ItemKind.FitsImage, Normalization = InputNormalization.ZScore, Binning = binning, Path = Path.Combine(folder, "vgg16.json"),
            };
            using (var fresh = ClassifierModel.CreateBuiltIn(sidecar)) fresh.save(Path.Combine(folder, sidecar.Weights));
            using var model = ClassifierModel.Load(sidecar, allowCuda: false);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"VGG16, 1 channel, {images} FITS frames {frame}x{frame} float32 -> {binning}x{binning} median -> 224x224, batch {batch}, {TorchRuntime.Threads} threads, {Environment.ProcessorCount} cores"));
            ClassifyAll(model, frames, batch); // warm-up: first-touch allocations, libtorch kernels
            var clock = Stopwatch.StartNew();
            var inputs = ClassifyAll(model, frames, batch);
            var endToEnd = clock.Elapsed.TotalSeconds;
            clock.Restart();
            for (var start = 0; start < inputs.Count; start += batch)
            {
                var count = Math.Min(batch, inputs.Count - start);
                using var tensor = torch.tensor(inputs.Skip(start).Take(count).SelectMany(i => i).ToArray(), [count, 1, 224, 224]);
                using var _ = model.Probabilities(tensor);
            }
            var inference = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var decoded = ItemSources.Create(model.Sidecar, frames).Read(CancellationToken.None).Count();
            var decode = clock.Elapsed.TotalSeconds;

            var py = JsonDocument.Parse(Python(python, script, "bench", frames, binning.ToString(CultureInfo.InvariantCulture),
                TorchRuntime.Threads.ToString(CultureInfo.InvariantCulture), batch.ToString(CultureInfo.InvariantCulture))).RootElement;
            var pyEndToEnd = py.GetProperty("end_to_end_s").GetDouble();
            var pyInference = py.GetProperty("inference_s").GetDouble();
            var gflop = VggGflop(1);
            Report("end to end (read + bin + infer)", images, endToEnd, pyEndToEnd, gflop);
            Report("inference only", images, inference, pyInference, gflop);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"read + bin + z-score only (1 thread)",-34} TorchSharp {decoded / decode,6:F2} images/s ({1000 * decode / decoded:F0} ms per frame; runs beside inference end to end)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"GFLOP per image: {gflop:F2} at 1 input channel ({VggGflop(3):F2} at 3 channels; only the first convolution differs). PyTorch {py.GetProperty("torch").GetString()}, {py.GetProperty("threads").GetInt32()} threads"));
            return 0;
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    private static List<float[]> ClassifyAll(ClassifierModel model, string frames, int batch)
    {
        var source = ItemSources.Create(model.Sidecar, frames);
        return BatchedInference.RunAsync(model, source, batch, CancellationToken.None).ToBlockingEnumerable().Select(r => r.Item.Input).ToList();
    }

    private static void Report(string what, int images, double ours, double pytorch, double gflop) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-34} TorchSharp {images / ours,6:F2} images/s ({images * gflop / ours,5:F0} GFLOP/s)   PyTorch {images / pytorch,6:F2} images/s ({images * gflop / pytorch,5:F0} GFLOP/s)   ratio {pytorch / ours:F2}x"));

    /// <summary>Multiply-adds ×2 of VGG16 (torchvision configuration D, 3 classes) on one 224×224 image.</summary>
    internal static double VggGflop(int channels)
    {
        double macs = 0;
        var (size, inChannels) = (224, channels);
        foreach (var item in VggLayout.Vgg16Features)
        {
            if (item == VggLayout.MaxPool) { size /= 2; continue; }
            macs += (double)size * size * inChannels * item * 9;
            inChannels = item;
        }
        macs += 512.0 * 7 * 7 * 4096 + 4096.0 * 4096 + 4096.0 * 3;
        return 2 * macs / 1e9;
    }

    private static string Python(string python, string script, params string[] args)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new ArgumentException($"--python: cannot start {python}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new ArgumentException($"--python {python} {args[0]} failed (needs numpy, astropy and torch): {stderr.Result.Trim()}");
        return stdout;
    }
}
