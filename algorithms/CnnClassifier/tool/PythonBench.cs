namespace Reservoir.Algorithms.CnnClassifier.Tool;

/// <summary>The PyTorch side of <c>bench</c>: writes the frames (astropy) and times the same pipeline in Python.</summary>
internal static class PythonBench
{
    public const string Script = """
        import json, os, sys, time
        import numpy as np
        from astropy.io import fits

        def write(folder, count, frame):
            rng = np.random.default_rng(1)
            for i in range(count):
                data = rng.normal(1000, 30, (frame, frame)).astype(np.float32)
                fits.PrimaryHDU(data).writeto(os.path.join(folder, f"frame-{i:04d}.fits"), overwrite=True)

        def vgg16(torch):
            nn = torch.nn
            layers, c = [], 1
            for v in [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"]:
                if v == "M":
                    layers.append(nn.MaxPool2d(2, 2))
                else:
                    layers += [nn.Conv2d(c, v, 3, padding=1), nn.ReLU(inplace=True)]
                    c = v
            return nn.Sequential(nn.Sequential(*layers), nn.AdaptiveAvgPool2d(7), nn.Flatten(),
                nn.Linear(512 * 49, 4096), nn.ReLU(True), nn.Dropout(), nn.Linear(4096, 4096), nn.ReLU(True), nn.Dropout(), nn.Linear(4096, 3)).eval()

        def prepare(path, b):
            a = fits.getdata(path, memmap=False).astype(np.float32)
            h, w = a.shape[0] // b, a.shape[1] // b
            binned = np.median(a[:h * b, :w * b].reshape(h, b, w, b).transpose(0, 2, 1, 3).reshape(h, w, b * b), axis=-1)
            return ((binned - binned.mean()) / binned.std()).astype(np.float32)

        def bench(folder, b, threads, batch):
            import torch
            torch.set_num_threads(threads)
            torch.manual_seed(1)
            model = vgg16(torch)
            files = sorted(os.path.join(folder, f) for f in os.listdir(folder))
            def run():
                inputs = []
                with torch.no_grad():
                    for s in range(0, len(files), batch):
                        x = np.stack([prepare(f, b) for f in files[s:s + batch]])[:, None]
                        inputs.append(torch.from_numpy(x))
                        torch.softmax(model(inputs[-1]).double(), 1)
                return inputs
            run()
            t = time.perf_counter(); inputs = run(); e2e = time.perf_counter() - t
            t = time.perf_counter()
            with torch.no_grad():
                for x in inputs:
                    torch.softmax(model(x).double(), 1)
            infer = time.perf_counter() - t
            print(json.dumps({"end_to_end_s": e2e, "inference_s": infer, "torch": torch.__version__, "threads": torch.get_num_threads()}))

        if sys.argv[1] == "write":
            write(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        else:
            bench(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
        """;
}
