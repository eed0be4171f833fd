using Reservoir.Sdk;
using Reservoir.Sdk.Observations;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Hdf5;

/// <summary>Our reader against files h5py wrote: every value equals numpy's, for full and partial blocks.</summary>
public sealed class BlHdf5ObservationTests(H5pyFiles files) : IClassFixture<H5pyFiles>
{
    public static TheoryData<string> CaseNames => new(H5pyFiles.Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Read_H5pyFile_FullAndPartialBlocksEqualNumpy(string name)
    {
        var spec = H5pyFiles.Cases.Single(c => c.Name == name);
        var expected = files.Expected(name);
        using var observation = ObservationFile.Open(files.H5(name));
        var shape = observation.Shape;
        Assert.Equal(new ObservationShape(spec.Shape[0], spec.Shape[1], spec.Shape[2]), shape);

        for (var i = 0; i < shape.Ifs; i++)
            AssertBlock(observation, expected, DataBlock.AllTimes(shape, i, 0, (int)shape.Channels));
        var random = new Random(3);
        for (var k = 0; k < 25; k++)
        {
            var t0 = random.Next(shape.Integrations);
            var c0 = random.Next((int)shape.Channels);
            var block = new DataBlock(t0, random.Next(1, shape.Integrations - t0 + 1), random.Next(shape.Ifs), c0, random.Next(1, (int)shape.Channels - c0 + 1));
            AssertBlock(observation, expected, block);
        }
    }

    [Theory]
    [InlineData("bslz4_1x1x1024", true)]
    [InlineData("bslz4_odd_3x1x100", true)]
    [InlineData("bslz4_tail_2x2x1003", true)]
    [InlineData("int16_bslz4", false)]
    [InlineData("deflate_3x1x100", false)]
    [InlineData("contiguous", false)]
    public void Open_H5pyFile_DirectChunkPathOnlyForFloat32Bitshuffle(string name, bool direct)
    {
        using var observation = ObservationFile.Open(files.H5(name));
        Assert.Equal(direct, Assert.IsType<Reservoir.Formats.Hdf5.BlHdf5Observation>(observation).ReadsChunksDirectly);
    }

    [Fact]
    public void Read_RepeatedPartialBlocksAcrossChunks_EqualNumpy()
    {
        // Many small reads cycle chunks through the decoded-chunk cache (evictions and hits).
        const string name = "bslz4_wide_1x1x65536";
        var expected = files.Expected(name);
        using var observation = ObservationFile.Open(files.H5(name));
        var random = new Random(11);
        for (var k = 0; k < 200; k++)
        {
            var c0 = random.Next(65536 - 300);
            AssertBlock(observation, expected, new DataBlock(random.Next(2), 1, 0, c0, random.Next(1, 300)));
        }
    }

    [Fact]
    public void Read_H5pyFileFromMemoryStream_EqualsNumpyAndLeavesStreamUsable()
    {
        // Not a FileStream: chunks are read by seeking, and the position PureHDF relies on is restored.
        const string name = "bslz4_odd_3x1x100";
        var expected = files.Expected(name);
        using var observation = ObservationFile.Open(new MemoryStream(File.ReadAllBytes(files.H5(name))), name);
        Assert.True(Assert.IsType<Reservoir.Formats.Hdf5.BlHdf5Observation>(observation).ReadsChunksDirectly);
        AssertBlock(observation, expected, DataBlock.AllTimes(observation.Shape, 0, 0, (int)observation.Shape.Channels));
        Assert.Equal("SYNTH", observation.Header["source_name"]);
        AssertBlock(observation, expected, new DataBlock(2, 4, 0, 150, 120));
    }

    [Fact]
    public void Open_H5pyFile_HeaderFromDataAttributesWithTypes()
    {
        using var observation = ObservationFile.Open(files.H5("bslz4_1x1x1024"));
        var header = observation.Header;
        Assert.Equal("SYNTH", header["source_name"]);
        Assert.Equal(1500.0, header["fch1"]);
        Assert.Equal(1024L, header["nchans"]);
        Assert.Equal(1L, header["nifs"]);
        Assert.Equal(18.25, header["tsamp"]);
        Assert.Equal("time,feed_id,frequency", header["DIMENSION_LABELS"]);
        Assert.False(header.Contains("CLASS"));
        // PureHDF enumerates attribute messages in the order h5py created them.
        Assert.Equal(["source_name", "fch1", "foff", "nchans", "nifs", "tsamp", "DIMENSION_LABELS"], header.Entries.Select(e => e.Key).ToArray());
    }

    private static void AssertBlock(IObservation observation, float[] expected, DataBlock block)
    {
        var shape = observation.Shape;
        var actual = new float[block.Values];
        observation.Read(block, actual);
        for (var t = 0; t < block.TimeCount; t++)
        {
            var offset = (((long)block.TimeStart + t) * shape.Ifs + block.If) * shape.Channels + block.ChannelStart;
            var want = expected.AsSpan((int)offset, block.ChannelCount);
            var got = actual.AsSpan(t * block.ChannelCount, block.ChannelCount);
            if (!want.SequenceEqual(got))
            {
                var i = 0;
                while (want[i].Equals(got[i])) i++;
                Assert.Fail($"{block}: row {t} channel {block.ChannelStart + i}: expected {want[i]}, got {got[i]}");
            }
        }
    }
}
