using System.Globalization;
using PureHDF;

namespace Reservoir.Formats.Hdf5;

/// <summary>
/// Turns the attributes of the BL <c>data</c> dataset into header entries (string, long, double), in the
/// order PureHDF enumerates them — the order of the attribute messages in the object header, which is
/// creation order for files h5py writes. Arrays of one element become scalars; longer arrays (such as
/// BL's <c>DIMENSION_LABELS</c>) become one comma-separated string.
/// </summary>
internal static class Hdf5HeaderAttributes
{
    public static List<KeyValuePair<string, object>> Read(IH5Dataset dataset, string source)
    {
        var entries = new List<KeyValuePair<string, object>>();
        foreach (var attribute in dataset.Attributes())
        {
            if (entries.Exists(e => e.Key == attribute.Name)) continue;
            entries.Add(new(attribute.Name, Convert(attribute, source)));
        }
        return entries;
    }

    private static object[] ReadIntegers(IH5Attribute attribute, int size, bool signed) => (size, signed) switch
    {
        (1, true) => attribute.Read<sbyte[]>().Select(v => (object)(long)v).ToArray(),
        (1, false) => attribute.Read<byte[]>().Select(v => (object)(long)v).ToArray(),
        (2, true) => attribute.Read<short[]>().Select(v => (object)(long)v).ToArray(),
        (2, false) => attribute.Read<ushort[]>().Select(v => (object)(long)v).ToArray(),
        (4, true) => attribute.Read<int[]>().Select(v => (object)(long)v).ToArray(),
        (4, false) => attribute.Read<uint[]>().Select(v => (object)(long)v).ToArray(),
        (8, true) => attribute.Read<long[]>().Select(v => (object)v).ToArray(),
        (8, false) => attribute.Read<ulong[]>().Select(v => (object)(long)v).ToArray(),
        _ => throw new NotSupportedException($"integers of {size} bytes"),
    };

    private static object Convert(IH5Attribute attribute, string source)
    {
        var count = attribute.Space.Dimensions.Aggregate(1UL, (a, d) => a * d);
        if (count > 4096) throw new Reservoir.Sdk.BadInputException($"{source}: attribute '{attribute.Name}' of data has {count} values (a header holds scalars)");
        try
        {
            var type = attribute.Type;
            object[] values = (type.Class, type.Size) switch
            {
                (H5DataTypeClass.FixedPoint, _) => ReadIntegers(attribute, type.Size, type.FixedPoint.IsSigned),
                (H5DataTypeClass.FloatingPoint, 4) => attribute.Read<float[]>().Select(v => (object)(double)v).ToArray(),
                (H5DataTypeClass.FloatingPoint, 8) => attribute.Read<double[]>().Select(v => (object)v).ToArray(),
                (H5DataTypeClass.String or H5DataTypeClass.VariableLength, _) => attribute.Read<string[]>().Select(v => (object)(v ?? "")).ToArray(),
                _ => throw new NotSupportedException($"type class {type.Class} of {type.Size} bytes"),
            };
            if (values.Length == 1) return values[0];
            return string.Join(",", values.Select(v => v is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : v.ToString()));
        }
        catch (Exception e) when (e is not Reservoir.Sdk.BadInputException)
        {
            throw new Reservoir.Sdk.BadInputException($"{source}: attribute '{attribute.Name}' of data cannot be read as a header value ({e.Message})", e);
        }
    }
}
