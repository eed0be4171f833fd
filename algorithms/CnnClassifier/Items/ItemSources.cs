using Reservoir.Algorithms.CnnClassifier.Models;

namespace Reservoir.Algorithms.CnnClassifier.Items;

/// <summary>Chooses the item source for a model's item kind.</summary>
public static class ItemSources
{
    public static IItemSource Create(ModelSidecar sidecar, string location, string fluxColumn = "PDCSAP_FLUX", long qualityMask = -1)
    {
        var shaper = new InputShaper(sidecar);
        return sidecar.ItemKind == ItemKind.Stamps
            ? new StampItems(location, shaper)
            : new FileItems(location, sidecar, shaper, new LightCurveSettings(fluxColumn, qualityMask));
    }
}
