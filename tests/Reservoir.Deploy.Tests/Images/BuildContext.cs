using System.Text.RegularExpressions;

namespace Reservoir.Deploy.Tests.Images;

/// <summary>
/// A copy of the Docker build context: the repository filtered by .dockerignore (the subset of its syntax the
/// file uses: <c>**/name/</c> anywhere, <c>name/</c> or <c>name</c> at the root, <c>**/*.ext</c>), so a build
/// from it sees exactly the files `docker build` would send.
/// </summary>
internal static class BuildContext
{
    public static void CopyTo(string repoRoot, string target)
    {
        var rules = File.ReadAllLines(Path.Combine(repoRoot, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(ToRegex).ToList();
        Copy(new DirectoryInfo(repoRoot), target, "", rules);
    }

    private static void Copy(DirectoryInfo source, string target, string relative, List<Regex> rules)
    {
        Directory.CreateDirectory(target);
        foreach (var dir in source.EnumerateDirectories())
        {
            var path = relative + dir.Name + "/";
            if (dir.LinkTarget is null && !rules.Any(r => r.IsMatch(path))) Copy(dir, Path.Combine(target, dir.Name), path, rules);
        }
        foreach (var file in source.EnumerateFiles())
            if (!rules.Any(r => r.IsMatch(relative + file.Name))) file.CopyTo(Path.Combine(target, file.Name));
    }

    private static Regex ToRegex(string rule)
    {
        var directory = rule.EndsWith('/');
        var pattern = Regex.Escape(rule.TrimEnd('/')).Replace(@"\*\*/", "(.*/)?").Replace(@"\*", "[^/]*");
        return new Regex("^" + pattern + (directory ? "/$" : "/?$"));
    }
}
