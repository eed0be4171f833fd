using Reservoir.Algorithms.CnnClassifier.Models;
using Reservoir.Formats.Fits;
using Reservoir.Formats.Images;
using Reservoir.Formats.Npy;
using Reservoir.Formats.Preprocessing;
using Reservoir.Sdk;

namespace Reservoir.Algorithms.CnnClassifier.Items;

/// <summary>
/// Items that are files (one file or every matching file of a folder, ordered by name): FITS images, PNG/PGM
/// images, FITS light curves, .npy traces. Each file decodes to one item, except a trace file of shape
/// (N, length) or (N, channels, length), which gives N items named <c>file[i]</c>.
/// </summary>
internal sealed class FileItems(string location, ModelSidecar sidecar, InputShaper shaper, LightCurveSettings lightCurves) : IItemSource
{
    public IReadOnlyList<string> ExtraColumns => [];

    public IEnumerable<ClassifierItem> Read(CancellationToken cancellationToken)
    {
        foreach (var file in Files())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = Path.GetFileName(file);
            switch (sidecar.ItemKind)
            {
                case ItemKind.FitsImage:
                    using (var fits = FitsReader.Open(file))
                    {
                        var hdu = fits.Hdus.FirstOrDefault(h => h.HasImage) ?? throw new BadInputException($"{file}: no image HDU (primary or IMAGE extension)");
                        yield return new ClassifierItem(name, shaper.Shape([fits.ReadImage(hdu.Index).Plane(0)], file, sidecar.Binning), []);
                    }
                    break;
                case ItemKind.Image:
                    var image = ImageReader.Read(file); // samples already divided by the maximum: [0, 1]
                    var planes = sidecar.Channels == 1 ? [image.ToGray()]
                        : image.Channels >= sidecar.Channels ? Enumerable.Range(0, sidecar.Channels).Select(image.Channel).ToArray()
                        : [image.Channel(0)];
                    yield return new ClassifierItem(name, shaper.Shape(planes, file), []);
                    break;
                case ItemKind.LightCurve:
                    yield return new ClassifierItem(name, shaper.Shape([lightCurves.Read(file, sidecar.InputShape[^1])], file), []);
                    break;
                case ItemKind.Trace:
                    foreach (var item in Traces(file, name)) yield return item;
                    break;
                default:
                    throw new BadInputException($"item kind {sidecar.ItemKind} does not read files");
            }
        }
    }

    private IEnumerable<ClassifierItem> Traces(string file, string name)
    {
        using var npy = NpyReader.Open(file);
        var shape = npy.Shape;
        var length = checked((int)shape[^1]);
        var channels = shape.Count == 3 ? checked((int)shape[1]) : 1;
        if (shape.Count is < 1 or > 3) throw new BadInputException($"{file}: shape ({string.Join(", ", shape)}) is not (length), (N, length) or (N, channels, length)");
        var count = shape.Count == 1 ? 1 : shape[0];
        var values = new float[channels * length];
        for (long i = 0; i < count; i++)
        {
            if (shape.Count == 1) npy.Read(0, values); else npy.ReadItem(i, values);
            var planes = Enumerable.Range(0, channels).Select(c => new ImagePlane(length, 1, values.AsSpan(c * length, length).ToArray())).ToArray();
            yield return new ClassifierItem(shape.Count == 1 ? name : $"{name}[{i}]", shaper.Shape(planes, $"{file}[{i}]"), []);
        }
    }

    private IEnumerable<string> Files()
    {
        if (File.Exists(location)) return [location];
        if (!Directory.Exists(location)) throw new BadInputException($"items {location}: no such file or folder");
        string[] suffixes = sidecar.ItemKind switch
        {
            ItemKind.FitsImage or ItemKind.LightCurve => [".fits", ".fit", ".fts"],
            ItemKind.Image => [".png", ".pgm", ".pgm.gz"],
            _ => [".npy"],
        };
        return Directory.EnumerateFiles(location)
            .Where(f => suffixes.Any(s => f.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal);
    }
}
