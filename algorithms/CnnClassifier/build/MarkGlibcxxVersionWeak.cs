using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Inline MSBuild task (see LibTorchSharpGlibcxxPatch.targets): marks one version requirement of an ELF64
// little-endian shared library weak when the host's libstdc++ does not define that version.
public sealed class MarkGlibcxxVersionWeak : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;
    private static readonly string[] LibstdcxxPaths =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    };

    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string Version { get; set; } = "";

    public override bool Execute()
    {
        var host = Array.Find(LibstdcxxPaths, File.Exists);
        if (host == null) { Log.LogMessage(MessageImportance.Low, "no libstdc++.so.6 found; {0} patch not needed", Version); return true; }
        if (Contains(File.ReadAllBytes(host), Encoding.ASCII.GetBytes(Version + "\0")))
        {
            Log.LogMessage(MessageImportance.Low, "{0} defines {1}; libLibTorchSharp.so left as shipped", host, Version);
            return true;
        }
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            var bytes = File.ReadAllBytes(path);
            string error;
            var changed = MarkWeak(bytes, Version, out error);
            if (error != null) { Log.LogError("{0}: cannot mark {1} weak: {2}", path, Version, error); return false; }
            if (!changed) continue;
            var temporary = path + ".patching";
            File.WriteAllBytes(temporary, bytes);
            File.Delete(path); // never write through a hard link into the package cache
            File.Move(temporary, path);
            Log.LogMessage(MessageImportance.High, "{0}: marked {1} weak ({2} lacks it)", path, Version, host);
        }
        return !Log.HasLoggedErrors;
    }

    // Returns whether a flag changed; error is set when the file is not what we expect.
    private static bool MarkWeak(byte[] elf, string version, out string error)
    {
        error = null;
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
        { error = "not a little-endian ELF64 file"; return false; }
        long shoff = BitConverter.ToInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (var i = 0; i < shnum; i++)
        {
            var sh = (int)(shoff + (long)i * shentsize);
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed) continue;
            var offset = (int)BitConverter.ToInt64(elf, sh + 0x18);
            var strtab = (int)(shoff + (long)BitConverter.ToUInt32(elf, sh + 0x28) * shentsize);
            var strings = (int)BitConverter.ToInt64(elf, strtab + 0x18);
            var entries = BitConverter.ToUInt32(elf, sh + 0x2C);
            var changed = false;
            var found = false;
            for (var n = 0; n < entries; n++)
            {
                int count = BitConverter.ToUInt16(elf, offset + 2);
                var aux = offset + (int)BitConverter.ToUInt32(elf, offset + 8);
                for (var a = 0; a < count; a++)
                {
                    var name = strings + (int)BitConverter.ToUInt32(elf, aux + 8);
                    var end = Array.IndexOf(elf, (byte)0, name);
                    if (Encoding.ASCII.GetString(elf, name, end - name) == version)
                    {
                        found = true;
                        var flags = BitConverter.ToUInt16(elf, aux + 4);
                        if ((flags & VerFlagWeak) == 0)
                        {
                            BitConverter.GetBytes((ushort)(flags | VerFlagWeak)).CopyTo(elf, aux + 4);
                            changed = true;
                        }
                    }
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                offset += (int)BitConverter.ToUInt32(elf, offset + 12);
            }
            return found && changed; // no requirement at all: nothing to relax

        }
        error = "no .gnu.version_r section";
        return false;
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            var j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }
}
