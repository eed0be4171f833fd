using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Reservoir.Sdk;
using Reservoir.Sdk.Observations;

namespace Reservoir.Formats.Sigproc;

/// <summary>
/// A SIGPROC filterbank file: header keywords in file order, then samples ordered time, IF, channel;
/// nbits 32 (float32), 16 or 8 (unsigned unless the header says <c>signed</c> = 1). A block read costs
/// one seek and one read per time row and converts the row in bulk.
/// </summary>
internal sealed class SigprocObservation : IObservation
{
    private const int MaxIfs = 16;
    private const long MaxChannels = 1L << 28;

    private readonly Stream _stream;
    private readonly long _dataOffset;
    private readonly int _bytesPerSample;
    private readonly bool _signed;

    private SigprocObservation(Stream stream, string source, ObservationHeader header, ObservationShape shape, long dataOffset, int nbits, bool signed)
    {
        _stream = stream;
        Source = source;
        Header = header;
        Shape = shape;
        _dataOffset = dataOffset;
        _bytesPerSample = nbits / 8;
        _signed = signed;
        StoredBytes = stream.Length;
    }

    public string Source { get; }

    public ObservationHeader Header { get; }

    public ObservationShape Shape { get; }

    public long StoredBytes { get; }

    /// <summary>Parses and validates the header; the observation owns and disposes the stream.</summary>
    public static SigprocObservation Open(Stream stream, string source)
    {
        var parsed = SigprocHeaderParser.Parse(stream, source);
        var header = new ObservationHeader(parsed.Entries);

        long Required(string key)
        {
            var value = header.GetLong(key);
            return value ?? throw new BadInputException($"{source}: header has no '{key}'");
        }

        var nchans = Required("nchans");
        if (nchans <= 0 || nchans > MaxChannels) throw new BadInputException($"{source}: header 'nchans' = {nchans} is absurd (1..{MaxChannels} expected)");
        var nifs = header.GetLong("nifs") ?? 1;
        if (nifs < 1 || nifs > MaxIfs) throw new BadInputException($"{source}: header 'nifs' = {nifs} is absurd (1..{MaxIfs} expected)");
        var nbits = Required("nbits");
        if (nbits is not (8 or 16 or 32)) throw new BadInputException($"{source}: header 'nbits' = {nbits} is not supported (8, 16 or 32 expected)");
        var signed = header.GetLong("signed") is 1;

        var rowBytes = nchans * nifs * (nbits / 8);
        var dataBytes = stream.Length - parsed.DataOffset;
        if (dataBytes % rowBytes != 0)
            throw new BadInputException($"{source}: data section of {dataBytes} bytes (from offset {parsed.DataOffset}) is not a whole number of integrations of {rowBytes} bytes (truncated file?)");
        var integrations = dataBytes / rowBytes;
        if (integrations == 0) throw new BadInputException($"{source}: no integrations after the header (offset {parsed.DataOffset})");
        if (integrations > int.MaxValue) throw new BadInputException($"{source}: {integrations} integrations is more than supported");
        var nsamples = header.GetLong("nsamples") ?? 0;
        if (nsamples > 0 && nsamples != integrations)
            throw new BadInputException($"{source}: header 'nsamples' = {nsamples} but the file holds {integrations} integrations (truncated file?)");

        return new SigprocObservation(stream, source, header, new ObservationShape((int)integrations, (int)nifs, nchans), parsed.DataOffset, (int)nbits, signed);
    }

    public void Read(DataBlock block, Span<float> destination)
    {
        block.Validate(Shape);
        var count = block.ChannelCount;
        if (destination.Length < block.Values) throw new ArgumentException($"destination holds {destination.Length} values, block needs {block.Values}", nameof(destination));
        byte[]? raw = _bytesPerSample == 4 ? null : ArrayPool<byte>.Shared.Rent(count * _bytesPerSample);
        try
        {
            for (var t = 0; t < block.TimeCount; t++)
            {
                var row = destination.Slice(t * count, count);
                var sample = ((long)(block.TimeStart + t) * Shape.Ifs + block.If) * Shape.Channels + block.ChannelStart;
                _stream.Position = _dataOffset + sample * _bytesPerSample;
                var bytes = raw is null ? MemoryMarshal.AsBytes(row) : raw.AsSpan(0, count * _bytesPerSample);
                try { _stream.ReadExactly(bytes); }
                catch (EndOfStreamException e) { throw new BadInputException($"{Source}: file ended while reading integration {block.TimeStart + t} at offset {_stream.Position} (truncated?)", e); }
                Convert(bytes, row);
            }
        }
        finally { if (raw is not null) ArrayPool<byte>.Shared.Return(raw); }
    }

    private void Convert(ReadOnlySpan<byte> bytes, Span<float> row)
    {
        switch (_bytesPerSample, _signed)
        {
            case (4, _):
                if (!BitConverter.IsLittleEndian)
                {
                    var ints = MemoryMarshal.Cast<float, int>(row);
                    BinaryPrimitives.ReverseEndianness(ints, ints);
                }
                return;
            case (2, false):
                var u16 = MemoryMarshal.Cast<byte, ushort>(bytes);
                for (var i = 0; i < row.Length; i++) row[i] = u16[i];
                return;
            case (2, true):
                var s16 = MemoryMarshal.Cast<byte, short>(bytes);
                for (var i = 0; i < row.Length; i++) row[i] = s16[i];
                return;
            case (1, false):
                for (var i = 0; i < row.Length; i++) row[i] = bytes[i];
                return;
            default:
                var s8 = MemoryMarshal.Cast<byte, sbyte>(bytes);
                for (var i = 0; i < row.Length; i++) row[i] = s8[i];
                return;
        }
    }

    public void Dispose() => _stream.Dispose();
}
