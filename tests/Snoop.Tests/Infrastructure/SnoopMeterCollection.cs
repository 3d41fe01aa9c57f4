namespace Snoop.Tests.Infrastructure;

/// <summary>
/// The tests that create <c>Snoop</c> meters run one at a time: the OpenTelemetry SDK listens to every meter of
/// that name in the process, so a test's Prometheus output would otherwise count another test's requests, and
/// its listener would turn on instruments that a test expects to have no listener.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SnoopMeterCollection
{
    public const string Name = "Snoop meter";
}
