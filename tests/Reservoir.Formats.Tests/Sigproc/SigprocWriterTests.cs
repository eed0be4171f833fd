using Reservoir.Formats.Sigproc;
using Reservoir.Sdk.Observations;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Sigproc;

/// <summary>What SigprocWriter writes, our reader reads back equal (exactly for float32, clamped for 8/16 bits).</summary>
public sealed class SigprocWriterTests
{
    [Fact]
    public void Write_Float32_RereadEqualsSourceWithHeader()
    {
        using var directory = new TempDirectory();
        var source = ArrayObservation.Noise(5, 3, 777);
        var path = directory.File("out.fil");
        SigprocWriter.Write(source, path);

        using var reread = ObservationFile.Open(path);
        Assert.Equal(source.Shape, reread.Shape);
        Assert.Equal(source.Header.Entries, reread.Header.Entries);
        for (var i = 0; i < 3; i++)
        {
            var block = DataBlock.AllTimes(source.Shape, i, 0, 777);
            var want = new float[block.Values];
            var got = new float[block.Values];
            source.Read(block, want);
            reread.Read(block, got);
            Assert.Equal(want, got);
        }
    }

    [Theory]
    [InlineData(8, 255f)]
    [InlineData(16, 65535f)]
    public void Write_IntegerBits_RoundsAndClamps(int nbits, float max)
    {
        var values = new float[] { -5f, 0f, 1.4f, 1.6f, 200f, 254.5f, 300f, 70000f };
        var header = new ObservationHeader([new("source_name", "INT"), new("nchans", 8L), new("nbits", 32L)]);
        var source = new InMemoryObservation(values, new ObservationShape(1, 1, 8), header);
        using var stream = new MemoryStream();
        SigprocWriter.Write(source, stream, nbits);
        stream.Position = 0;
        using var reread = ObservationFile.Open(new MemoryStream(stream.ToArray()), "mem.fil");
        Assert.Equal((long)nbits, reread.Header["nbits"]);
        var got = new float[8];
        reread.Read(new DataBlock(0, 1, 0, 0, 8), got);
        var expected = values.Select(v => Math.Clamp(MathF.Round(v), 0f, max)).ToArray();
        Assert.Equal(expected, got);
    }

    [Fact]
    public void Write_SampleFil_RewriteIsByteIdentical()
    {
        var path = SharedData.Path(SharedData.SampleFil);
        using var sample = ObservationFile.Open(path);
        using var stream = new MemoryStream();
        SigprocWriter.Write(sample, stream);
        Assert.Equal(File.ReadAllBytes(path), stream.ToArray());
    }
}
