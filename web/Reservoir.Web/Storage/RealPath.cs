using System.Runtime.InteropServices;

namespace Reservoir.Web.Storage;

/// <summary>The canonical path of a file with every symbolic link resolved (libc <c>realpath</c>).</summary>
internal static partial class RealPath
{
    /// <summary>The resolved absolute path, or null when the path (or a link target) does not exist.</summary>
    public static string? Of(string path)
    {
        var resolved = realpath(path, 0);
        if (resolved == 0) return null;
        try { return Marshal.PtrToStringUTF8(resolved); }
        finally { free(resolved); }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint realpath(string path, nint resolved);

    [LibraryImport("libc")]
    private static partial void free(nint pointer);
}
