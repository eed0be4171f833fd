using System.Diagnostics;
using Reservoir.Sdk.Observations;

namespace Reservoir.Synthetic.Files;

/// <summary>
/// Passes reads through to an observation while counting the values read and the time spent generating
/// them, so a writer that knows nothing of progress can still report it.
/// </summary>
internal sealed class TimedObservation(IObservation inner, IProgress<double>? progress) : IObservation
{
    private readonly Stopwatch _reading = new();
    private double _lastReported = -1;

    public long ValuesRead { get; private set; }

    public TimeSpan ReadTime => _reading.Elapsed;

    public string Source => inner.Source;
    public ObservationHeader Header => inner.Header;
    public ObservationShape Shape => inner.Shape;
    public long StoredBytes => inner.StoredBytes;

    public void Read(DataBlock block, Span<float> destination)
    {
        _reading.Start();
        try { inner.Read(block, destination); }
        finally { _reading.Stop(); }
        ValuesRead += block.Values;

        // Report at most every 1 %: writers read in blocks of a few MB, far more often than anyone looks.
        var fraction = Math.Min(1.0, (double)ValuesRead / Shape.Values);
        if (progress is not null && (fraction - _lastReported >= 0.01 || fraction >= 1.0 && _lastReported < 1.0))
        {
            _lastReported = fraction;
            progress.Report(fraction);
        }
    }

    public void Dispose() => inner.Dispose();
}
