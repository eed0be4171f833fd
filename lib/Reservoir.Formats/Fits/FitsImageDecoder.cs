using System.Buffers.Binary;
using Reservoir.Sdk;

namespace Reservoir.Formats.Fits;

/// <summary>Decodes big-endian image pixels of one HDU, applying BSCALE/BZERO and BLANK, a chunk at a time.</summary>
internal sealed class FitsImageDecoder
{
    private const int ChunkValues = 8192;
    private readonly FitsReader _reader;
    private readonly FitsHdu _hdu;
    private readonly int _size;
    private readonly double _scale;
    private readonly double _zero;
    private readonly long? _blank;
    private readonly bool _unsigned64;

    public FitsImageDecoder(FitsReader reader, FitsHdu hdu)
    {
        _reader = reader;
        _hdu = hdu;
        _size = Math.Abs(hdu.Bitpix) / 8;
        _scale = hdu.Header.GetDouble("BSCALE", 1.0);
        _zero = hdu.Header.GetDouble("BZERO", 0.0);
        // BZERO 2^63 marks unsigned 64-bit data: computed exactly, as double arithmetic would round small values away.
        _unsigned64 = hdu.Bitpix == 64 && _scale == 1.0 && _zero == 9223372036854775808.0;
        _blank = hdu.Bitpix > 0 && hdu.Header.Contains("BLANK") ? hdu.Header.GetInt64("BLANK") : null;
    }

    public void Read(long start, Span<double> destination)
    {
        var bytes = new byte[Math.Min(destination.Length, ChunkValues) * _size];
        for (var done = 0; done < destination.Length;)
        {
            var n = Math.Min(ChunkValues, destination.Length - done);
            Fill(start + done, bytes.AsSpan(0, n * _size));
            Decode(bytes.AsSpan(0, n * _size), destination.Slice(done, n));
            done += n;
        }
    }

    public void Read(long start, Span<float> destination)
    {
        var values = new double[Math.Min(destination.Length, ChunkValues)];
        for (var done = 0; done < destination.Length;)
        {
            var n = Math.Min(ChunkValues, destination.Length - done);
            Read(start + done, values.AsSpan(0, n));
            for (var i = 0; i < n; i++) destination[done + i] = (float)values[i];
            done += n;
        }
    }

    private void Fill(long element, Span<byte> bytes)
    {
        var stream = _reader.Stream;
        var offset = _hdu.DataOffset + element * _size;
        stream.Position = offset;
        var got = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (got < bytes.Length)
            throw new BadInputException($"{_reader.Source}: HDU {_hdu.Index}: image data end at byte {offset + got}, expected {bytes.Length - got} more bytes: truncated");
    }

    private void Decode(ReadOnlySpan<byte> b, Span<double> d)
    {
        for (var i = 0; i < d.Length; i++)
        {
            var at = b.Slice(i * _size, _size);
            double raw;
            if (_hdu.Bitpix < 0)
                raw = _hdu.Bitpix == -32 ? BinaryPrimitives.ReadSingleBigEndian(at) : BinaryPrimitives.ReadDoubleBigEndian(at);
            else
            {
                long integer = _hdu.Bitpix switch
                {
                    8 => at[0],
                    16 => BinaryPrimitives.ReadInt16BigEndian(at),
                    32 => BinaryPrimitives.ReadInt32BigEndian(at),
                    _ => BinaryPrimitives.ReadInt64BigEndian(at),
                };
                if (integer == _blank) { d[i] = double.NaN; continue; }
                if (_unsigned64) { d[i] = unchecked((ulong)(integer ^ long.MinValue)); continue; }
                raw = integer;
            }
            d[i] = _zero + _scale * raw;
        }
    }
}
