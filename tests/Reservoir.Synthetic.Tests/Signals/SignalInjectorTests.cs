namespace Reservoir.Synthetic.Tests.Signals;

public sealed class SignalInjectorTests
{
    [Fact]
    public void Tone_WithIntegerDrift_SitsOnItsTrackAndDwarfsNeighbours()
    {
        var spec = SmallSpecs.NoiseOnly() with { Tones = [new SyntheticTone(1200, 2, 30)] };
        using var observation = new SyntheticObservation(spec);
        var values = SmallSpecs.ReadAll(observation);
        var channels = (int)observation.Shape.Channels;
        var sigma = spec.RelativeNoiseSigma;

        for (var t = 0; t < 16; t++)
        {
            var channel = 1200 + 2 * t;
            double Excess(int c) => values[t * channels + c] / observation.Bandpass(0, c) - 1;
            Assert.InRange(Excess(channel) / sigma, 30 - 5, 30 + 5);
            foreach (var offset in new[] { -3, -2, -1, 1, 2, 3 })
                Assert.InRange(Excess(channel + offset) / sigma, -5, 5);
        }
    }

    [Fact]
    public void Tone_WithFractionalDrift_SplitsPowerBetweenTwoChannels()
    {
        var spec = SmallSpecs.NoiseOnly() with { Tones = [new SyntheticTone(5000, -0.25, 40)] };
        using var observation = new SyntheticObservation(spec);
        var values = SmallSpecs.ReadAll(observation);
        var channels = (int)observation.Shape.Channels;
        var sigma = spec.RelativeNoiseSigma;

        for (var t = 0; t < 16; t++)
        {
            var position = 5000 - 0.25 * t;
            var lower = (int)Math.Floor(position);
            var upperShare = position - lower;
            double Excess(int c) => (values[t * channels + c] / observation.Bandpass(0, c) - 1) / sigma;
            Assert.InRange(Excess(lower), 40 * (1 - upperShare) - 5, 40 * (1 - upperShare) + 5);
            Assert.InRange(Excess(lower + 1), 40 * upperShare - 5, 40 * upperShare + 5);
        }
    }

    [Fact]
    public void Tones_FollowTheirDriftInEveryDemoObservation()
    {
        var spec = SyntheticObservationSpec.Demo(21, new DemoOptions { FineChannelsPerCoarse = SmallSpecs.Width, Tones = 6, MinDrift = -3, MaxDrift = 3 });
        using var observation = new SyntheticObservation(spec);
        var values = SmallSpecs.ReadAll(observation);
        var channels = (int)observation.Shape.Channels;

        foreach (var tone in spec.Tones)
            for (var t = 0; t < 16; t++)
            {
                // The brightest channel near the track is where the tone's larger share falls.
                var position = tone.StartChannel + tone.DriftChannelsPerIntegration * t;
                var expected = (long)Math.Floor(position + 0.5);
                var from = (int)expected - 20;
                var brightest = Enumerable.Range(from, 41).MaxBy(c => values[t * channels + c] / observation.Bandpass(0, c));
                if (Math.Abs(position - Math.Floor(position) - 0.5) > 0.1) Assert.Equal(expected, brightest);
                else Assert.InRange(brightest, (long)Math.Floor(position), (long)Math.Floor(position) + 1);
            }
    }

    [Fact]
    public void Burst_RaisesEveryChannelOfItsRangeOnlyDuringItsIntegrations()
    {
        var spec = SmallSpecs.NoiseOnly() with { Bursts = [new BroadbandBurst(5, 3, 2000, 1500, 10)] };
        using var observation = new SyntheticObservation(spec);
        var values = SmallSpecs.ReadAll(observation);
        var channels = (int)observation.Shape.Channels;
        var sigma = spec.RelativeNoiseSigma;

        for (var t = 0; t < 16; t++)
        {
            double MeanExcess(int from, int count) =>
                Enumerable.Range(from, count).Where(c => c % SmallSpecs.Width != SmallSpecs.Width / 2)
                    .Average(c => values[t * channels + c] / observation.Bandpass(0, c) - 1) / sigma;
            var inside = MeanExcess(2000, 1500);
            var outside = MeanExcess(3600, 400);
            Assert.InRange(inside, t is >= 5 and < 8 ? 9.5 : -0.5, t is >= 5 and < 8 ? 10.5 : 0.5);
            Assert.InRange(outside, -0.5, 0.5);
        }
    }
}
