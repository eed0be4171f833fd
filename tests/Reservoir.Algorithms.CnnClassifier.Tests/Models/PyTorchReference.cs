using Reservoir.TestSupport;

namespace Reservoir.Algorithms.CnnClassifier.Tests.Models;

/// <summary>
/// Builds small models with Debian's python3-torch into a folder: a VGG-style 2-D CNN (torchvision layout,
/// features [8, M, 16, M], hidden 32, pool 2, 1×32×32 inputs) and the built-in 1-D CNN layout (1×64 inputs),
/// each saved as TorchScript (<c>NAME.ts</c>) and as a state_dict (<c>NAME.pt</c>, also float64 as
/// <c>NAME64.pt</c>), with a batch of inputs (<c>NAME_x.npy</c>) and PyTorch's softmax probabilities (<c>NAME_p.npy</c>);
/// plus a 64×64 FITS frame written by astropy (<c>frame.fits</c>) and the VGG's probabilities for its 2×2 median binning (<c>frame_p.npy</c>).
/// </summary>
internal static class PyTorchReference
{
    public const string Script = """
import sys, numpy as np, torch, torch.nn as nn
out = sys.argv[1]
torch.manual_seed(7)

def vgg_features(plan, cin):
    layers = []
    for v in plan:
        if v == 'M':
            layers.append(nn.MaxPool2d(2, 2))
        else:
            layers += [nn.Conv2d(cin, v, 3, padding=1), nn.ReLU(inplace=True)]
            cin = v
    return nn.Sequential(*layers), cin

class SmallVgg(nn.Module):
    def __init__(self):
        super().__init__()
        self.features, c = vgg_features([8, 'M', 16, 'M'], 1)
        self.avgpool = nn.AdaptiveAvgPool2d((2, 2))
        self.classifier = nn.Sequential(nn.Linear(c * 4, 32), nn.ReLU(True), nn.Dropout(), nn.Linear(32, 32), nn.ReLU(True), nn.Dropout(), nn.Linear(32, 3))
    def forward(self, x):
        return self.classifier(torch.flatten(self.avgpool(self.features(x)), 1))

class Cnn1d(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv1d(1, 16, 7, padding=3), nn.ReLU(), nn.MaxPool1d(2),
            nn.Conv1d(16, 32, 5, padding=2), nn.ReLU(), nn.MaxPool1d(2),
            nn.Conv1d(32, 64, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool1d(1))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(64, 3))
    def forward(self, x):
        return self.classifier(self.features(x))

for name, model, shape in [('vgg', SmallVgg(), (5, 1, 32, 32)), ('cnn1d', Cnn1d(), (5, 1, 64))]:
    model.eval()
    x = torch.randn(*shape)
    with torch.no_grad():
        p = torch.softmax(model(x).double(), 1).float()
    np.save(f'{out}/{name}_x.npy', x.numpy())
    np.save(f'{out}/{name}_p.npy', p.numpy())
    torch.save(model.state_dict(), f'{out}/{name}.pt')
    torch.jit.trace(model, x).save(f'{out}/{name}.ts')
    torch.save({k: v.double() for k, v in model.state_dict().items()}, f'{out}/{name}64.pt')
from astropy.io import fits
image = np.random.default_rng(3).normal(100, 20, (64, 64)).astype(np.float32)
fits.PrimaryHDU(image).writeto(f'{out}/frame.fits', overwrite=True)
binned = np.median(image.reshape(32, 2, 32, 2).transpose(0, 2, 1, 3).reshape(32, 32, 4), axis=2)
vgg = torch.jit.load(f'{out}/vgg.ts')
with torch.no_grad():
    p = torch.softmax(vgg(torch.from_numpy(binned.astype(np.float32))[None, None]).double(), 1).float()
np.save(f'{out}/frame_p.npy', p.numpy())
print(torch.__version__)
""";

    /// <summary>Runs the script into <paramref name="folder"/> (fails under CI, else skips, without torch).</summary>
    public static void Build(string folder)
    {
        Python.RequireModules("numpy", "torch", "astropy");
        Python.RunScript(Script, TimeSpan.FromMinutes(5), folder);
    }
}
