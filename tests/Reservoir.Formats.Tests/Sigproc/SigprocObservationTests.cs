using System.Buffers.Binary;
using System.Text;
using Reservoir.Sdk;
using Reservoir.Sdk.Observations;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Sigproc;

/// <summary>Hand-built filterbank files: types, nbits, IF order, and every validation error naming file and problem.</summary>
public sealed class SigprocObservationTests
{
    private static byte[] Header(params (string Key, object Value)[] entries) => Header(true, entries);

    private static byte[] Header(bool end, params (string Key, object Value)[] entries)
    {
        using var s = new MemoryStream();
        void Str(string text) { var b = Encoding.ASCII.GetBytes(text); s.Write(BitConverter.GetBytes(b.Length)); s.Write(b); }
        Str("HEADER_START");
        foreach (var (key, value) in entries)
        {
            Str(key);
            switch (value)
            {
                case int i: s.Write(BitConverter.GetBytes(i)); break;
                case double d: s.Write(BitConverter.GetBytes(d)); break;
                case byte b: s.WriteByte(b); break;
                case string t: Str(t); break;
            }
        }
        if (end) Str("HEADER_END");
        return s.ToArray();
    }

    private static IObservation Open(byte[] bytes, string name = "test.fil") => ObservationFile.Open(new MemoryStream(bytes), name);

    private static BadInputException Fails(byte[] bytes, string name = "bad.fil")
    {
        var e = Assert.Throws<BadInputException>(() => Open(bytes, name).Dispose());
        Assert.Contains(name, e.Message);
        return e;
    }

    [Fact]
    public void Read_TwoIfs16BitUnsigned_OrderIsTimeIfChannel()
    {
        var header = Header(("nchans", 3), ("nifs", 2), ("nbits", 16), ("tsamp", 0.5), ("source_name", "X"));
        var data = new ushort[] { 1, 2, 3, 10, 20, 30, 4, 5, 6, 40, 50, 65535 };
        var bytes = header.Concat(data.SelectMany(BitConverter.GetBytes)).ToArray();
        using var observation = Open(bytes);
        Assert.Equal(new ObservationShape(2, 2, 3), observation.Shape);
        var ifOne = new float[6];
        observation.Read(DataBlock.AllTimes(observation.Shape, 1, 0, 3), ifOne);
        Assert.Equal([10f, 20f, 30f, 40f, 50f, 65535f], ifOne);
        Assert.Equal(0.5, observation.Header.Tsamp);
    }

    [Fact]
    public void Read_Signed8Bit_ReadsNegativeValues()
    {
        var header = Header(("nchans", 4), ("nbits", 8), ("signed", (byte)1));
        using var observation = Open(header.Concat(new byte[] { 0x80, 0xFF, 0, 127 }).ToArray());
        Assert.Equal(1L, observation.Header["signed"]);
        var row = new float[4];
        observation.Read(new DataBlock(0, 1, 0, 0, 4), row);
        Assert.Equal([-128f, -1f, 0f, 127f], row);
    }

    [Fact]
    public void Open_UnknownKeyword_NamesKeywordAndOffset()
    {
        var e = Fails(Header(("nchans", 4), ("bogus_key", 1), ("nbits", 32)).Concat(new byte[16]).ToArray());
        Assert.Contains("unknown header keyword 'bogus_key'", e.Message);
        Assert.Contains("offset 30", e.Message); // 16 bytes of HEADER_START, 14 of nchans
    }

    [Fact]
    public void Open_MissingHeaderEnd_SaysSo()
    {
        var e = Fails(Header(false, ("nchans", 4), ("nbits", 32)));
        Assert.Contains("HEADER_END", e.Message);
    }

    [Theory]
    [InlineData(0, 1, 32, "nchans")]
    [InlineData(1 << 29, 1, 32, "nchans")]
    [InlineData(4, 0, 32, "nifs")]
    [InlineData(4, 17, 32, "nifs")]
    [InlineData(4, 1, 4, "nbits")]
    public void Open_AbsurdValue_NamesKeyword(int nchans, int nifs, int nbits, string keyword)
    {
        var e = Fails(Header(("nchans", nchans), ("nifs", nifs), ("nbits", nbits)).Concat(new byte[64]).ToArray());
        Assert.Contains($"'{keyword}'", e.Message);
    }

    [Fact]
    public void Open_AbsurdStringLength_NamesOffset()
    {
        var bytes = Header(("source_name", "ABC"), ("nchans", 4), ("nbits", 32)).Concat(new byte[16]).ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16 + 4 + 11), 1_000_000_000); // source_name's value length
        var e = Fails(bytes);
        Assert.Contains("absurd string length 1000000000", e.Message);
        Assert.Contains("offset 31", e.Message);
    }

    [Fact]
    public void Open_PartialIntegration_SaysNotWhole()
    {
        var e = Fails(Header(("nchans", 4), ("nbits", 32)).Concat(new byte[16 + 5]).ToArray());
        Assert.Contains("not a whole number of integrations of 16 bytes", e.Message);
    }

    [Fact]
    public void Open_NoData_SaysNoIntegrations()
    {
        var e = Fails(Header(("nchans", 4), ("nbits", 32)));
        Assert.Contains("no integrations", e.Message);
    }

    [Fact]
    public void Open_TruncatedSample_ThrowsNamingFile()
    {
        var bytes = File.ReadAllBytes(SharedData.Path(SharedData.SampleFil));
        var e = Fails(bytes[..^100], "gbt_truncated.fil");
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Open_WrongMagic_NamesSourceAndBytes()
    {
        var e = Assert.Throws<BadInputException>(() => Open(Encoding.ASCII.GetBytes("SIMPLE  =                    T / FITS"), "image.fits"));
        Assert.Contains("image.fits", e.Message);
        Assert.Contains("unrecognised observation format", e.Message);
        Assert.Contains("SIMPLE", e.Message);
    }

    [Fact]
    public void Open_MissingFile_ThrowsBadInput()
    {
        var e = Assert.Throws<BadInputException>(() => ObservationFile.Open("/nonexistent/none.fil"));
        Assert.Contains("/nonexistent/none.fil", e.Message);
    }
}
