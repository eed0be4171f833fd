using Reservoir.Formats.Fits;
using Reservoir.Formats.Preprocessing;
using Reservoir.Sdk;

namespace Reservoir.Algorithms.CnnClassifier.Items;

/// <summary>
/// Reads a light curve from the first binary table of a FITS file (TIME, <see cref="FluxColumn"/>, QUALITY when
/// present) and prepares it (quality mask, median normalisation, uniform resampling) as a 1 × length plane.
/// </summary>
internal sealed record LightCurveSettings(string FluxColumn = "PDCSAP_FLUX", long QualityMask = -1)
{
    public ImagePlane Read(string file, int length)
    {
        using var fits = FitsReader.Open(file);
        var table = fits.ReadFirstTable();
        foreach (var column in new[] { "TIME", FluxColumn })
            if (!table.HasColumn(column)) throw new BadInputException($"{file}: the light-curve table has no {column} column");
        var quality = table.HasColumn("QUALITY") ? table.ReadInt64("QUALITY") : [];
        var prepared = LightCurvePreparation.Prepare(table.ReadDoubles("TIME"), table.ReadDoubles(FluxColumn), quality,
            new LightCurveOptions { Length = length, QualityMask = QualityMask }, $"{file} ({FluxColumn})");
        return new ImagePlane(length, 1, prepared.Flux);
    }
}
