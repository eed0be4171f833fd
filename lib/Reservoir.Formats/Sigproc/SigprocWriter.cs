using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Reservoir.Sdk.Observations;

namespace Reservoir.Formats.Sigproc;

/// <summary>
/// Writes any observation as a SIGPROC filterbank: the header keys SIGPROC knows (others, such as HDF5-only
/// attributes, are left out because readers reject unknown keywords), with <c>nbits</c>, <c>nchans</c>,
/// <c>nifs</c> and (if present) <c>nsamples</c> set from the data; then samples in time, IF, channel order.
/// nbits 32 writes float32; 8 and 16 write unsigned integers, rounded and clamped to 0..255 / 0..65535.
/// Streams one channel range of one row at a time, so memory stays bounded.
/// </summary>
public static class SigprocWriter
{
    private const int MaxChannelsPerRead = 1 << 20;

    public static void Write(IObservation observation, string path, int nbits = 32)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(observation, stream, nbits);
    }

    /// <summary>Writes to <paramref name="stream"/> from its current position; leaves it open.</summary>
    public static void Write(IObservation observation, Stream stream, int nbits = 32)
    {
        if (nbits is not (8 or 16 or 32)) throw new ArgumentOutOfRangeException(nameof(nbits), $"nbits {nbits} is not 8, 16 or 32");
        var shape = observation.Shape;
        WriteHeader(observation, stream, nbits);

        var width = (int)Math.Min(shape.Channels, MaxChannelsPerRead);
        var values = ArrayPool<float>.Shared.Rent(width);
        var bytes = ArrayPool<byte>.Shared.Rent(width * nbits / 8);
        try
        {
            for (var t = 0; t < shape.Integrations; t++)
            for (var i = 0; i < shape.Ifs; i++)
            for (long c = 0; c < shape.Channels; c += width)
            {
                var n = (int)Math.Min(width, shape.Channels - c);
                var row = values.AsSpan(0, n);
                observation.Read(new DataBlock(t, 1, i, c, n), row);
                stream.Write(Encode(row, bytes, nbits));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(values);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static ReadOnlySpan<byte> Encode(Span<float> row, byte[] bytes, int nbits)
    {
        switch (nbits)
        {
            case 32:
                var raw = MemoryMarshal.AsBytes(row);
                if (!BitConverter.IsLittleEndian)
                {
                    var ints = MemoryMarshal.Cast<float, int>(row);
                    BinaryPrimitives.ReverseEndianness(ints, ints);
                }
                return raw;
            case 16:
                var u16 = MemoryMarshal.Cast<byte, ushort>(bytes.AsSpan(0, row.Length * 2));
                for (var i = 0; i < row.Length; i++) u16[i] = (ushort)Math.Clamp(MathF.Round(row[i]), 0f, 65535f);
                return MemoryMarshal.AsBytes(u16);
            default:
                for (var i = 0; i < row.Length; i++) bytes[i] = (byte)Math.Clamp(MathF.Round(row[i]), 0f, 255f);
                return bytes.AsSpan(0, row.Length);
        }
    }

    private static void WriteHeader(IObservation observation, Stream stream, int nbits)
    {
        var shape = observation.Shape;
        var overrides = new Dictionary<string, object>
        {
            ["nbits"] = (long)nbits, ["nchans"] = shape.Channels, ["nifs"] = (long)shape.Ifs,
        };
        using var header = new MemoryStream();
        WriteString(header, SigprocKeywords.Start);
        var written = new HashSet<string>();
        foreach (var (key, value) in observation.Header.Entries)
        {
            if (!SigprocKeywords.Types.TryGetValue(key, out var type) || key == "signed") continue;
            var v = overrides.TryGetValue(key, out var o) ? o : key == "nsamples" ? shape.Integrations : value;
            WriteKeyword(header, key, type, v, observation.Source);
            written.Add(key);
        }
        foreach (var (key, value) in overrides)
            if (!written.Contains(key)) WriteKeyword(header, key, SigprocKeywords.Types[key], value, observation.Source);
        WriteString(header, SigprocKeywords.End);
        stream.Write(header.GetBuffer().AsSpan(0, (int)header.Length));
    }

    private static void WriteKeyword(Stream stream, string key, SigprocValueType type, object value, string source)
    {
        WriteString(stream, key);
        Span<byte> scratch = stackalloc byte[8];
        switch (type)
        {
            case SigprocValueType.String:
                WriteString(stream, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                return;
            case SigprocValueType.Double:
                BinaryPrimitives.WriteDoubleLittleEndian(scratch, ToDouble(value, key, source));
                stream.Write(scratch);
                return;
            case SigprocValueType.Int64:
                BinaryPrimitives.WriteInt64LittleEndian(scratch, (long)ToDouble(value, key, source));
                stream.Write(scratch);
                return;
            case SigprocValueType.Int8:
                stream.WriteByte((byte)(sbyte)ToDouble(value, key, source));
                return;
            default:
                BinaryPrimitives.WriteInt32LittleEndian(scratch, checked((int)ToDouble(value, key, source)));
                stream.Write(scratch[..4]);
                return;
        }
    }

    private static double ToDouble(object value, string key, string source) => value switch
    {
        long l => l,
        int i => i,
        double d => d,
        bool b => b ? 1 : 0,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => throw new ArgumentException($"{source}: header key '{key}' value '{value}' is not a number"),
    };

    private static void WriteString(Stream stream, string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        stream.Write(length);
        stream.Write(bytes);
    }
}
