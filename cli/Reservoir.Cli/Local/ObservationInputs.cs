using Reservoir.Sdk.Observations;

namespace Reservoir.Cli.Local;

/// <summary>An observation file to search and the ID its results are filed under.</summary>
internal sealed record ObservationInput(string Observation, string Path);

/// <summary>
/// Turns the command line's files and folders into observations. A folder contributes every observation
/// file in it and below (<see cref="ObservationId.FileExtensions"/>); the ID is the one the runner derives,
/// <see cref="ObservationId.FromInput"/> (<c>x.bl.h5</c> → <c>x</c>).
/// </summary>
internal static class ObservationInputs
{
    /// <summary>The observations, or an <see cref="ArgumentException"/> naming the path that cannot be used.</summary>
    public static IReadOnlyList<ObservationInput> Discover(IEnumerable<string> paths)
    {
        var found = new List<ObservationInput>();
        foreach (var raw in paths)
        {
            var path = System.IO.Path.GetFullPath(raw);
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Where(IsObservationFile).Order(StringComparer.Ordinal).ToList();
                if (files.Count == 0) throw new ArgumentException($"folder {path} holds no observation files ({string.Join(", ", ObservationId.FileExtensions)})");
                found.AddRange(files.Select(For));
            }
            else if (File.Exists(path)) found.Add(For(path));
            else throw new ArgumentException($"no such observation file or folder: {path}");
        }

        var clash = found.GroupBy(o => o.Observation, StringComparer.Ordinal).FirstOrDefault(g => g.Select(o => o.Path).Distinct().Count() > 1);
        if (clash is not null)
            throw new ArgumentException($"observation ID '{clash.Key}' would come from more than one file: {string.Join(", ", clash.Select(o => o.Path).Distinct())}");
        return found.DistinctBy(o => o.Path).ToList();
    }

    public static bool IsObservationFile(string path) =>
        ObservationId.FileExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static ObservationInput For(string path)
    {
        var id = ObservationId.FromInput(path);
        if (ObservationId.Check(id) is { } reason) throw new ArgumentException($"{path}: {reason}; rename the file");
        return new ObservationInput(id, path);
    }
}
