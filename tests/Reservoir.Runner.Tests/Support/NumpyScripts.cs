namespace Reservoir.Runner.Tests.Support;

internal static class NumpyScripts
{
    /// <summary>Python snippet: <c>load_fil(path)</c> → (header bytes skipped) data as float32 (n_ints, nifs=1, nchans).</summary>
    public const string LoadFil = """
        import numpy as np, struct
        def load_fil(path, nchans):
            raw = open(path, 'rb').read()
            end = raw.index(b'HEADER_END') + len(b'HEADER_END')
            return np.frombuffer(raw[end:], dtype='<f4').reshape(-1, 1, nchans)

        """;
}
