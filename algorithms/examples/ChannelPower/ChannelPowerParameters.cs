using System.ComponentModel.DataAnnotations;
using Reservoir.Sdk;

namespace ChannelPower;

/// <summary>Parameters of channel-power (each is <c>--param name=value</c>; initial values are the defaults).</summary>
public sealed class ChannelPowerParameters
{
    [Parameter("top", "how many channels to report, brightest first"), Range(1, 100_000)]
    public int Top { get; set; } = 10;

    [Parameter("block_channels", "channels read per block (memory: integrations x block_channels floats)"), Range(1, 1 << 24)]
    public int BlockChannels { get; set; } = 65536;

    [Parameter("if_index", "IF (polarisation) searched"), Range(0, 1 << 20)]
    public int IfIndex { get; set; }
}
