using Reservoir.TestSupport;

namespace Reservoir.Algorithms.CnnClassifier.Tests.Items;

/// <summary>
/// Writes image and light-curve items with Debian's Python beside the <see cref="Models.PyTorchReference"/> models, and
/// what the plugin must make of them, computed independently with numpy and torch:
/// <list type="bullet">
/// <item><c>images/</c>: an 8-bit gray PNG (48×40) and an RGB PNG (32×32) written by PIL, a 16-bit P5 PGM (37×29) and a
/// gzipped 8-bit P5 PGM with a comment (32×32) written byte by byte here; <c>images_x.npy</c> = samples / max, RGB to
/// gray by ITU-R 601 weights, bilinear resize (F.interpolate, align_corners=False) to 32×32, no normalisation;
/// <c>images_p.npy</c> = the VGG TorchScript's softmax on them.</item>
/// <item><c>curves/</c>: two TESS-style light curves written by astropy (primary HDU + BINTABLE with TIME, PDCSAP_FLUX,
/// QUALITY, SAP_FLUX), with NaN times and fluxes, flagged cadences, a gap and unsorted rows; <c>curves_x.npy</c> = kept
/// cadences (finite, QUALITY 0) sorted by time, divided by their median, np.interp onto 64 evenly spaced times;
/// <c>curves_p.npy</c> = the 1-D CNN TorchScript's softmax on them.</item>
/// </list>
/// </summary>
internal static class ItemReference
{
    public const string Script = """
import gzip, os, sys, numpy as np, torch
import torch.nn.functional as F
from PIL import Image
from astropy.io import fits
models, out = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(5)

def softmax(path, x):
    with torch.no_grad():
        return torch.softmax(torch.jit.load(path)(torch.from_numpy(x)).double(), 1).float().numpy()

def resize(plane):
    t = torch.from_numpy(plane.astype(np.float32))[None, None]
    return F.interpolate(t, size=(32, 32), mode='bilinear', align_corners=False)[0, 0].numpy()

def pgm(width, height, maxval, samples, comment=b''):
    dtype = '>u2' if maxval > 255 else 'u1'
    return b'P5\n' + comment + b'%d %d\n%d\n' % (width, height, maxval) + samples.astype(dtype).tobytes()

images = os.path.join(out, 'images'); os.makedirs(images)
gray8 = rng.integers(0, 256, (40, 48), dtype=np.uint8)
Image.fromarray(gray8, 'L').save(os.path.join(images, 'a-gray8.png'))
rgb = rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)
Image.fromarray(rgb, 'RGB').save(os.path.join(images, 'b-rgb.png'))
gray16 = rng.integers(0, 65536, (29, 37))
open(os.path.join(images, 'c-gray16.pgm'), 'wb').write(pgm(37, 29, 65535, gray16))
gray_gz = rng.integers(0, 201, (32, 32))
with gzip.open(os.path.join(images, 'd-gray.pgm.gz'), 'wb') as f:
    f.write(pgm(32, 32, 200, gray_gz, b'# written by the test\n'))
s = rgb.astype(np.float32) / np.float32(255)
expected = [resize(gray8 / 255.0),
            np.float32(0.299) * s[..., 0] + np.float32(0.587) * s[..., 1] + np.float32(0.114) * s[..., 2],
            resize(gray16 / 65535.0),
            (gray_gz / 200.0).astype(np.float32)]
x = np.stack(expected).astype(np.float32)[:, None]
np.save(os.path.join(out, 'images_x.npy'), x)
np.save(os.path.join(out, 'images_p.npy'), softmax(os.path.join(models, 'vgg.ts'), x))

curves = os.path.join(out, 'curves'); os.makedirs(curves)
rows = []
for i, n in enumerate([300, 517]):
    t = 1325.0 + np.arange(n) * (2.0 / 1440)
    t = np.delete(t, np.s_[n // 3: n // 3 + 40])                       # a gap
    flux = (12000 + 40 * i + 30 * np.sin(t * 9.0) + rng.normal(0, 5, t.size)).astype(np.float32)
    quality = np.zeros(t.size, np.int32)
    quality[rng.choice(t.size, 12, replace=False)] = rng.choice([1, 4, 128, 1024], 12)
    flux[quality != 0] *= 3                                            # flagged cadences are outliers
    flux[rng.choice(t.size, 5, replace=False)] = np.nan
    t[rng.choice(t.size, 3, replace=False)] = np.nan
    order = rng.permutation(t.size) if i == 1 else np.arange(t.size)   # the second file's rows are unsorted
    t, flux, quality = t[order], flux[order], quality[order]
    table = fits.BinTableHDU.from_columns([fits.Column('TIME', 'D', array=t), fits.Column('SAP_FLUX', 'E', array=flux * 2),
        fits.Column('PDCSAP_FLUX', 'E', array=flux), fits.Column('QUALITY', 'J', array=quality)], name='LIGHTCURVE')
    fits.HDUList([fits.PrimaryHDU(), table]).writeto(os.path.join(curves, f'tic-{i}.fits'))
    keep = np.isfinite(t) & np.isfinite(flux) & (quality == 0)
    kt, kf = t[keep], flux[keep].astype(np.float64)
    by_time = np.argsort(kt)
    kt, kf = kt[by_time], kf[by_time]
    rows.append((np.interp(np.linspace(kt[0], kt[-1], 64), kt, kf) / np.median(kf)).astype(np.float32))
x = np.stack(rows)[:, None]
np.save(os.path.join(out, 'curves_x.npy'), x)
np.save(os.path.join(out, 'curves_p.npy'), softmax(os.path.join(models, 'cnn1d.ts'), x))
""";

    /// <summary>Runs the script (fails under CI, else skips, without PIL, astropy or torch).</summary>
    public static void Build(string models, string folder)
    {
        Python.RequireModules("numpy", "torch", "astropy", "PIL");
        Python.RunScript(Script, TimeSpan.FromMinutes(5), models, folder);
    }
}
