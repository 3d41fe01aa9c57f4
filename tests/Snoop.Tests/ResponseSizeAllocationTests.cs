using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Snoop.Tests.Infrastructure;

namespace Snoop.Tests;

/// <summary>
/// The standard metric's per-request allocations, measured as <see cref="AllocationBudgetTests"/> does. In the
/// collection of the tests that create <c>Snoop</c> meters: the OpenTelemetry SDK of the Prometheus test listens to
/// every such meter in the process, and would turn on the instrument that the first test expects to be off.
/// </summary>
[Collection(SnoopMeterCollection.Name)]
public sealed class ResponseSizeAllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_size_metric_with_a_listener_allocates_only_the_capture(bool bodyWriter)
    {
        var terminal = AllocationBudgetTests.Terminal(bodyWriter);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        long recorded = 0;
        using var listener = Listen(services, (_, value, _, _) => recorded += value);
        var perRequest = AllocationBudgetTests.ExtraBytesPerRequest(terminal, SizeMetricApp(services, terminal));

        AllocationBudgetTests.AssertWithin(perRequest, AllocationBudgetTests.CallbackBudget, recorded);
    }

    [Fact]
    public void The_size_metric_without_a_listener_allocates_nothing()
    {
        var terminal = AllocationBudgetTests.Terminal(bodyWriter: false);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var perRequest = AllocationBudgetTests.ExtraBytesPerRequest(terminal, SizeMetricApp(services, terminal));

        Assert.Equal(0, perRequest);
    }

    private static RequestDelegate SizeMetricApp(IServiceProvider services, RequestDelegate terminal)
    {
        var app = new ApplicationBuilder(services);
        app.UseResponseSizeMetrics();
        app.Run(terminal);
        return app.Build();
    }

    /// <summary>Listens to the size instrument of <paramref name="services"/>' meter factory only (other tests' hosts run in parallel).</summary>
    private static MeterListener Listen(IServiceProvider services, MeasurementCallback<long> callback)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name == ResponseSizeMetric.InstrumentName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback(callback);
        listener.Start();
        return listener;
    }
}
