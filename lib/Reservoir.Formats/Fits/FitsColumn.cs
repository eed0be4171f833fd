using System.Text.RegularExpressions;
using Reservoir.Sdk;

namespace Reservoir.Formats.Fits;

/// <summary>
/// One BINTABLE column (FITS 4.0 section 7.3): TTYPEn name, TFORMn type code and repeat count, its byte
/// offset in a row, TUNITn, TSCALn/TZEROn (default 1/0) and TNULLn (integer columns).
/// </summary>
public sealed partial record FitsColumn(int Number, string Name, char Type, long Repeat, int Offset, int Width,
    string? Unit, double Scale, double Zero, long? Null)
{
    /// <summary>Parses column <paramref name="number"/> (1-based) starting at byte <paramref name="offset"/> of a row.</summary>
    internal static FitsColumn Parse(FitsHeader header, int number, int offset)
    {
        var tform = header.GetString($"TFORM{number}") ?? throw header.Missing($"TFORM{number}", "the column format");
        var match = FormPattern().Match(tform.Trim());
        if (!match.Success)
            throw new BadInputException($"{header.Source}: HDU {header.HduIndex}: TFORM{number} = '{tform}' is not a binary-table format (rT)");
        var repeat = match.Groups[1].Length > 0 ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
        var type = match.Groups[2].Value[0];
        long width = type switch
        {
            'L' or 'B' or 'A' => repeat,
            'X' => (repeat + 7) / 8,
            'I' => 2 * repeat,
            'J' or 'E' => 4 * repeat,
            'K' or 'D' or 'C' or 'P' => 8 * repeat,
            'M' or 'Q' => 16 * repeat,
            _ => throw new BadInputException($"{header.Source}: HDU {header.HduIndex}: TFORM{number} = '{tform}': unknown type code '{type}'"),
        };
        var name = header.GetString($"TTYPE{number}")?.Trim() ?? $"COL{number}";
        long? tnull = header.Contains($"TNULL{number}") && type is 'B' or 'I' or 'J' or 'K' ? header.GetInt64($"TNULL{number}") : null;
        return new FitsColumn(number, name, type, repeat, offset, checked((int)width), header.GetString($"TUNIT{number}"),
            header.GetDouble($"TSCAL{number}", 1.0), header.GetDouble($"TZERO{number}", 0.0), tnull);
    }

    /// <summary>Bytes of one element (for X, the repeat is in bits and the width in whole bytes).</summary>
    internal int ElementSize => Type switch
    {
        'L' or 'B' or 'A' or 'X' => 1,
        'I' => 2,
        'J' or 'E' => 4,
        'K' or 'D' or 'C' or 'P' => 8,
        _ => 16,
    };

    [GeneratedRegex(@"^(\d*)([A-Z])(.*)$")]
    private static partial Regex FormPattern();
}
