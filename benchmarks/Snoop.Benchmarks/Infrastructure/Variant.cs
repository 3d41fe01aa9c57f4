namespace Snoop.Benchmarks.Infrastructure;

/// <summary>The ways to observe a response that the benchmarks compare, each installed as middleware.</summary>
public enum Variant
{
    /// <summary>No capture: the baseline.</summary>
    None,

    /// <summary>Snoop's metrics capture (<c>UseResponseMetrics</c>, which calls <c>CaptureMetricsAsync</c>).</summary>
    SnoopMetrics,

    /// <summary>Snoop's bounded body capture, 32 KiB (<c>ResponseCapture.Begin</c>), the kept bytes read as bytes.</summary>
    SnoopBody,

    /// <summary>Snoop's bounded body capture, 32 KiB, the kept bytes decoded with <c>GetBodyText()</c> (what logging them as text costs).</summary>
    SnoopBodyText,

    /// <summary>The MemoryStream template: swap <c>Response.Body</c>, read the buffer as text, copy it back, restore.</summary>
    MemoryStreamTemplate,

    /// <summary>ASP.NET Core's HTTP logging middleware, response status, headers and body (32 KiB limit).</summary>
    HttpLogging,

    /// <summary>A minimal hand-written counting <c>Stream</c> assigned to <c>Response.Body</c> (the careful naive approach).</summary>
    CountingStream,

    /// <summary>The floor of a metrics capture (<see cref="Infrastructure.FloorMetrics"/>): the least code with the guarantees of <c>UseResponseMetrics</c>.</summary>
    FloorMetrics,
}
