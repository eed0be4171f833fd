using System.ComponentModel.DataAnnotations;
using Reservoir.Sdk;

namespace ReservoirPlugin;

/// <summary>
/// The algorithm's parameters: each [Parameter] property is `--param name=value` on the command line, its
/// initial value is the default, and [Range] bounds it. The runner validates before the search starts and
/// records the effective values in the manifest.
/// </summary>
public sealed class ReservoirPluginParameters
{
    [Parameter("block_channels", "channels per block; each block reports its brightest channel"), Range(1, 1 << 24)]
    public int BlockChannels { get; set; } = 1024;

    [Parameter("if_index", "IF (polarisation) searched"), Range(0, 1 << 20)]
    public int IfIndex { get; set; }
}
