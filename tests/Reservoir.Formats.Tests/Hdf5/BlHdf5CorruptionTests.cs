using Reservoir.Sdk;
using Reservoir.Sdk.Observations;
using Reservoir.TestSupport;
using Xunit;

namespace Reservoir.Formats.Tests.Hdf5;

/// <summary>Damaged or mis-shaped HDF5 files fail with a BadInputException naming the file and the problem.</summary>
public sealed class BlHdf5CorruptionTests(H5pyFiles files) : IClassFixture<H5pyFiles>
{
    private const string Case = "bslz4_1x1x1024";

    private static BadInputException ReadFails(string path)
    {
        var e = Assert.Throws<BadInputException>(() =>
        {
            using var observation = ObservationFile.Open(path);
            var all = new float[observation.Shape.Values];
            for (var i = 0; i < observation.Shape.Ifs; i++)
                observation.Read(DataBlock.AllTimes(observation.Shape, i, 0, (int)observation.Shape.Channels), all);
        });
        Assert.Contains(Path.GetFileName(path), e.Message);
        return e;
    }

    private static string Damaged(TempDirectory directory, string source, Action<byte[]> damage)
    {
        var bytes = File.ReadAllBytes(source);
        damage(bytes);
        var path = directory.File("damaged.h5");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Read_ChunkBlockLengthCorrupted_ThrowsNamingBlock()
    {
        using var directory = new TempDirectory();
        var (offset, _) = files.Chunks(Case)[3];
        var path = Damaged(directory, files.H5(Case), b => { for (var i = 12; i < 16; i++) b[offset + i] ^= 0x5A; });
        var e = ReadFails(path);
        Assert.Contains("block", e.Message);
    }

    [Fact]
    public void Read_LZ4TokensFlipped_ThrowsCorrupt()
    {
        using var directory = new TempDirectory();
        var (offset, _) = files.Chunks(Case)[5];
        var path = Damaged(directory, files.H5(Case), b => { for (var i = 16; i < 48; i++) b[offset + i] ^= 0xFF; });
        var e = ReadFails(path);
        Assert.Contains("data[", e.Message);
    }

    [Fact]
    public void Read_ChunkClaims2Pow40Bytes_ThrowsWithoutAllocating()
    {
        using var directory = new TempDirectory();
        var (offset, _) = files.Chunks(Case)[0];
        var path = Damaged(directory, files.H5(Case), b => { b[offset + 2] = 0x01; }); // big-endian size |= 2^40
        var e = ReadFails(path);
        Assert.Contains("1099511631872 uncompressed bytes", e.Message); // 2^40 + the real 4096
    }

    [Fact]
    public void Open_Truncated_ThrowsNamingFile()
    {
        using var directory = new TempDirectory();
        var bytes = File.ReadAllBytes(files.H5(Case));
        var path = directory.File("truncated.h5");
        File.WriteAllBytes(path, bytes[..(bytes.Length * 6 / 10)]);
        ReadFails(path);
    }

    [Fact]
    public void Open_NoDataDataset_SaysMissingData()
    {
        Python.RequireModules("numpy", "h5py");
        using var directory = new TempDirectory();
        var path = directory.File("nodata.h5");
        Python.RunScript("import sys, h5py, numpy as np\nwith h5py.File(sys.argv[1], 'w') as f: f['other'] = np.zeros((2, 1, 4), 'f4')", path);
        var e = ReadFails(path);
        Assert.Contains("no 'data' dataset", e.Message);
    }

    [Fact]
    public void Open_TwoDimensionalData_SaysExpected3D()
    {
        Python.RequireModules("numpy", "h5py");
        using var directory = new TempDirectory();
        var path = directory.File("flat.h5");
        Python.RunScript("import sys, h5py, numpy as np\nwith h5py.File(sys.argv[1], 'w') as f: f['data'] = np.zeros((2, 4), 'f4')", path);
        var e = ReadFails(path);
        Assert.Contains("expected 3-D", e.Message);
    }
}
