using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Snoop.Tests.Infrastructure;

/// <summary>One recorded measurement: the instrument's name, the value, and the attributes.</summary>
public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}

/// <summary>
/// A <see cref="MeterListener"/> on the instruments of one host's <see cref="IMeterFactory"/> only (tests run in
/// parallel, each host has its own factory): Snoop's response size and ASP.NET Core's request duration.
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    public const string RequestDuration = "http.server.request.duration";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly ConcurrentQueue<Instrument> _instruments = new();

    public MetricRecorder(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory
                && (instrument.Name == ResponseSizeMetric.InstrumentName || instrument.Name == RequestDuration))
            {
                _instruments.Enqueue(instrument);
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyCollection<Instrument> Instruments => _instruments.ToArray();

    /// <summary>Waits (bounded) until <paramref name="count"/> measurements of <paramref name="instrument"/> arrived, and returns them all.</summary>
    public async Task<IReadOnlyList<Measurement>> WaitForAsync(string instrument, int count)
    {
        var deadline = DateTime.UtcNow + Signal.Patience;
        while (true)
        {
            var found = _measurements.Where(m => m.Instrument == instrument).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{found.Count} of {count} {instrument} measurements arrived in {Signal.Patience}.");
            await Task.Delay(10);
        }
    }

    public IReadOnlyList<Measurement> Of(string instrument) => _measurements.Where(m => m.Instrument == instrument).ToList();

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue(new Measurement(instrument.Name, value, copy));
    }
}
