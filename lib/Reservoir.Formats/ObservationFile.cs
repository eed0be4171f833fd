using System.Buffers.Binary;
using Reservoir.Formats.Hdf5;
using Reservoir.Formats.Sigproc;
using Reservoir.Sdk;
using Reservoir.Sdk.Observations;

namespace Reservoir.Formats;

/// <summary>
/// Opens an observation file of any supported format, chosen by its first bytes (never by its name):
/// HDF5 (signature <c>\x89HDF\r\n\x1a\n</c> at offset 0, 512, 1024, …) is read as Breakthrough Listen HDF5;
/// a SIGPROC header (int32 12 then <c>HEADER_START</c>) as a filterbank. Anything else, and any corrupt
/// or truncated file, is a <see cref="BadInputException"/> naming the source and what was found.
/// </summary>
public static class ObservationFile
{
    private static ReadOnlySpan<byte> Hdf5Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Opens a local file; the returned observation owns the file handle.</summary>
    public static IObservation Open(string path)
    {
        FileStream stream;
        try { stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.RandomAccess); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new BadInputException($"{path}: cannot open ({e.Message})", e);
        }
        return Open(stream, path);
    }

    /// <summary>
    /// Opens a readable, seekable stream; <paramref name="source"/> (file name or URI) appears in every
    /// error. The returned observation owns the stream; on failure the stream is disposed.
    /// </summary>
    public static IObservation Open(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanSeek) throw new ArgumentException($"{source}: the stream must be readable and seekable", nameof(stream));
        try
        {
            return Detect(stream, source) switch
            {
                Format.Hdf5 => BlHdf5Observation.Open(stream, source),
                _ => SigprocObservation.Open(stream, source),
            };
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private enum Format { Hdf5, Sigproc }

    private static Format Detect(Stream stream, string source)
    {
        Span<byte> head = stackalloc byte[16];
        stream.Position = 0;
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        if (head.StartsWith(Hdf5Signature)) return Format.Hdf5;
        if (read >= 16 && BinaryPrimitives.ReadInt32LittleEndian(head) == 12 && head[4..16].SequenceEqual("HEADER_START"u8)) return Format.Sigproc;

        // HDF5 allows a user block: the superblock may sit at 512, 1024, 2048, … bytes.
        Span<byte> probe = stackalloc byte[8];
        for (long offset = 512; offset + 8 <= stream.Length && offset <= 1L << 30; offset *= 2)
        {
            stream.Position = offset;
            if (stream.ReadAtLeast(probe, 8, throwOnEndOfStream: false) == 8 && probe.SequenceEqual(Hdf5Signature)) return Format.Hdf5;
        }

        var found = read == 0 ? "an empty file" : $"first bytes {Convert.ToHexString(head)} (\"{Printable(head)}\")";
        throw new BadInputException($"{source}: unrecognised observation format: {found}; expected an HDF5 signature or a SIGPROC header (int32 12 + 'HEADER_START')");
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) chars[i] = bytes[i] is >= 0x20 and < 0x7F ? (char)bytes[i] : '.';
        return new string(chars);
    }
}
