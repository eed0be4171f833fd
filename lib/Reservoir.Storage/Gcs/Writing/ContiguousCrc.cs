using Reservoir.Storage.Gcs.Integrity;

namespace Reservoir.Storage.Gcs.Writing;

/// <summary>
/// CRC-32C of an object's bytes built from pieces seen at known offsets, possibly more than once (a chunk
/// sent again after a failure): only bytes that extend the contiguous run from offset 0 are counted.
/// </summary>
internal sealed class ContiguousCrc
{
    public uint Value { get; private set; }

    /// <summary>Bytes [0, Covered) are in <see cref="Value"/>.</summary>
    public long Covered { get; private set; }

    public void Add(long offset, ReadOnlySpan<byte> bytes)
    {
        if (offset > Covered || offset + bytes.Length <= Covered) return;
        Value = Crc32c.Append(Value, bytes[(int)(Covered - offset)..]);
        Covered = offset + bytes.Length;
    }
}
