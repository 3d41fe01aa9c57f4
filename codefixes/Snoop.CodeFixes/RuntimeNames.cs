namespace Snoop.CodeFixes;

/// <summary>
/// Every name of the Snoop runtime (src/Snoop) that a fix generates, in one place. The fixers never load the
/// runtime assembly; the fix tests compile the generated code against the real runtime, so a rename there breaks a test here.
/// </summary>
internal static class RuntimeNames
{
    /// <summary>The runtime's namespace.</summary>
    public const string Namespace = "Snoop";

    /// <summary><c>Snoop.ResponseCapture</c>: the static entry point.</summary>
    public const string ResponseCapture = "ResponseCapture";

    /// <summary><c>ResponseCapture.Begin(HttpContext, int maxBodyBytes)</c>: bounded body capture.</summary>
    public const string Begin = "Begin";

    /// <summary>The parameter of <see cref="Begin"/> that bounds the kept bytes.</summary>
    public const string MaxBodyBytesParameter = "maxBodyBytes";

    /// <summary>The bound the fix writes out (N explicit in the generated code): 32 KiB, like ASP.NET Core's HTTP logging.</summary>
    public const string DefaultMaxBodyBytesExpression = "32 * 1024";

    /// <summary><c>ResponseCapture.BeginMetrics(HttpContext)</c>: metrics only.</summary>
    public const string BeginMetrics = "BeginMetrics";

    /// <summary><c>ResponseBodyCapture.GetBodyText()</c> / <c>GetBodyText(Encoding)</c>.</summary>
    public const string GetBodyText = "GetBodyText";

    /// <summary><c>ResponseBodyCapture.Body</c>: the kept bytes as <c>ReadOnlyMemory&lt;byte&gt;</c>.</summary>
    public const string Body = "Body";

    /// <summary><c>ResponseMetricsCapture.BytesWritten</c>.</summary>
    public const string BytesWritten = "BytesWritten";

    /// <summary><c>Snoop.DelegatingStream</c>: the base a <c>Stream</c> wrapper is re-based on (SNOOP003).</summary>
    public const string DelegatingStream = "DelegatingStream";

    /// <summary><c>Snoop.DelegatingPipeWriter</c>: the base a <c>PipeWriter</c> wrapper is re-based on (SNOOP006).</summary>
    public const string DelegatingPipeWriter = "DelegatingPipeWriter";

    /// <summary><c>Snoop.DelegatingResponseBodyFeature</c>: the base a body-feature wrapper is re-based on (SNOOP004).</summary>
    public const string DelegatingResponseBodyFeature = "DelegatingResponseBodyFeature";

    /// <summary><c>Snoop.ResponseObserver</c>: the base of the observer SNOOP007's fix generates.</summary>
    public const string ResponseObserver = "ResponseObserver";

    /// <summary><c>ResponseCapture.Observe(HttpContext, ResponseObserver)</c>.</summary>
    public const string Observe = "Observe";
}
