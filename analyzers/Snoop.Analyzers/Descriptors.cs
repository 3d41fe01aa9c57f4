using Microsoft.CodeAnalysis;

namespace Snoop.Analyzers;

/// <summary>Every diagnostic descriptor Snoop reports, in one place, with the help link built in.</summary>
internal static class Descriptors
{
    private const string Category = "Reliability";

    public static readonly DiagnosticDescriptor SNOOP001_BufferedResponseBody = Create(
        RuleIdentifiers.BufferedResponseBody,
        title: "Response body captured in a buffer",
        messageFormat: "The response body is replaced by a buffering '{0}': the whole response is held in memory and nothing reaches the client until the handler ends{1}",
        description: "Swapping Response.Body for a MemoryStream to log the body buffers the whole response, stops server-sent events and downloads from streaming, and hides send-file and the server's pipe. Capture a bounded copy with Snoop.ResponseCapture.Begin instead.");

    public static readonly DiagnosticDescriptor SNOOP002_BodyNotRestored = Create(
        RuleIdentifiers.BodyNotRestored,
        title: "Swapped response body not restored on every path",
        messageFormat: "The original response body is not restored in a finally block: {0}",
        description: "When the replaced body is not put back in a finally block, an exception leaves the buffer in place and the error page that an outer middleware writes is lost.");

    public static readonly DiagnosticDescriptor SNOOP003_StreamWrapperBlocksAsync = Create(
        RuleIdentifiers.StreamWrapperBlocksAsync,
        title: "Stream wrapper sends async writes down a blocking path",
        messageFormat: "'{0}' does not override {1}: {2}",
        description: "A Stream wrapper that overrides only the synchronous members turns every async write into a blocking call on the inner stream; Kestrel throws 'Synchronous operations are disallowed'.");

    private const string Snoop004Title = "Response body feature wrapper drops a capability";

    private const string Snoop004Description = "An IHttpResponseBodyFeature wrapper must forward DisableBuffering, StartAsync, SendFileAsync, CompleteAsync and the server's Writer to the feature it wraps, and a feature installed with Features.Set must be given the previous one; otherwise send-file becomes a copy, StartAsync and CompleteAsync do nothing or throw, and the server's pipe is lost.";

    // SNOOP004: one rule (ID, title, description, help link), one message format per finding, as resource strings are
    // kept: the analyzers pass the member or type name as the argument and never build message text.

    /// <summary>SNOOP004, a member throws <c>NotImplementedException</c>. {0}: the member.</summary>
    public static readonly DiagnosticDescriptor SNOOP004_MemberThrows = Create(RuleIdentifiers.BodyFeatureDropsCapability, Snoop004Title, "{0} does not reach the wrapped feature: it throws NotImplementedException, so every caller of Response.{0} fails", Snoop004Description);

    /// <summary>SNOOP004, <c>DisableBuffering</c> throws <c>NotImplementedException</c>. {0}: the member.</summary>
    public static readonly DiagnosticDescriptor SNOOP004_DisableBufferingThrows = Create(RuleIdentifiers.BodyFeatureDropsCapability, Snoop004Title, "{0} does not reach the wrapped feature: it throws NotImplementedException, so every caller of {0} (server-sent events, SignalR) fails", Snoop004Description);

    /// <summary>SNOOP004, <c>DisableBuffering</c> does nothing. {0}: the member.</summary>
    public static readonly DiagnosticDescriptor SNOOP004_DisableBufferingIgnored = Create(RuleIdentifiers.BodyFeatureDropsCapability, Snoop004Title, "{0} does not reach the wrapped feature: server-side response buffering is never turned off, so server-sent events and streamed responses may arrive late", Snoop004Description);

    /// <summary>SNOOP004, <c>StartAsync</c> does nothing. {0}: the member.</summary>
    public static readonly DiagnosticDescriptor SNOOP004_StartIgnored = Create(RuleIdentifiers.BodyFeatureDropsCapability, Snoop004Title, "{0} does not reach the wrapped feature: Response.{0} does not send the headers; the response starts only at the first write", Snoop004Description);

    /// <summary>SNOOP004, <c>SendFileAsync</c> does nothing. {0}: the member.</summary>
    public static readonly DiagnosticDescriptor SNOOP004_SendFileIgnored = Create(RuleIdentifiers.BodyFeatureDropsCapability, Snoop004Title, "{0} does not reach the wrapped feature: Response.{0} sends nothing", Snoop004Description);

    /// <summary>SNOOP004, <c>SendFileAsync</c> copies the file through the wrapper. {0}: the member.</summary>
    public static readonly DiagnosticDescriptor SNOOP004_SendFileCopied = Create(RuleIdentifiers.BodyFeatureDropsCapability, Snoop004Title, "{0} does not reach the wrapped feature: files are copied through this wrapper instead of the server's send-file path", Snoop004Description);

    /// <summary>SNOOP004, <c>CompleteAsync</c> does nothing. {0}: the member.</summary>
    public static readonly DiagnosticDescriptor SNOOP004_CompleteIgnored = Create(RuleIdentifiers.BodyFeatureDropsCapability, Snoop004Title, "{0} does not reach the wrapped feature: Response.{0} does not complete the response at the server", Snoop004Description);

    /// <summary>SNOOP004, the <c>Writer</c> getter throws <c>NotImplementedException</c>. {0}: the member.</summary>
    public static readonly DiagnosticDescriptor SNOOP004_WriterThrows = Create(RuleIdentifiers.BodyFeatureDropsCapability, Snoop004Title, "{0} does not reach the wrapped feature: it throws NotImplementedException, so every write through Response.BodyWriter (JSON results, gRPC, Blazor) fails", Snoop004Description);

    /// <summary>SNOOP004, the <c>Writer</c> is a pipe over a stream. {0}: the member.</summary>
    public static readonly DiagnosticDescriptor SNOOP004_WriterOverStream = Create(RuleIdentifiers.BodyFeatureDropsCapability, Snoop004Title, "{0} is a pipe over a stream instead of the wrapped feature's Writer: BodyWriter output (JSON, gRPC, Blazor) is copied through an extra pipe and the server's own pipe and its UnflushedBytes are lost", Snoop004Description);

    /// <summary>SNOOP004, <c>Features.Set</c> of a feature given no previous feature. {0}: the feature type.</summary>
    public static readonly DiagnosticDescriptor SNOOP004_InstalledWithoutPrevious = Create(RuleIdentifiers.BodyFeatureDropsCapability, Snoop004Title, "'{0}' is installed as the response body feature without the previous feature: DisableBuffering, StartAsync, SendFileAsync and CompleteAsync no longer reach the server, and files are copied instead of sent", Snoop004Description);

    public static readonly DiagnosticDescriptor SNOOP005_HttpAbstractionWrapperHidesMembers = Create(
        RuleIdentifiers.HttpAbstractionWrapperHidesMembers,
        title: "HttpResponse or HttpContext wrapper hides members",
        messageFormat: "'{0}' wraps another {1} but does not forward {2}",
        description: "A class deriving from HttpResponse, HttpRequest or HttpContext that wraps another instance must forward members whose base implementation throws or ignores the wrapped instance.");

    public static readonly DiagnosticDescriptor SNOOP006_PipeWriterWrapperHidesCapabilities = Create(
        RuleIdentifiers.PipeWriterWrapperHidesCapabilities,
        title: "PipeWriter wrapper hides capabilities",
        messageFormat: "'{0}' wraps another PipeWriter but {1}",
        description: "A PipeWriter wrapper must forward CanGetUnflushedBytes/UnflushedBytes, CompleteAsync and the exception passed to Complete; System.Text.Json needs UnflushedBytes on .NET 9 and later.");

    private const string Snoop007Title = "Response body replaced by a wrapper stream";

    private const string Snoop007Description = "Setting Response.Body (or installing a StreamResponseBodyFeature over a stream) puts a stream-backed body feature in front of the server's: send-file becomes a copy through the wrapper and BodyWriter becomes a pipe over the stream, so the server's zero-copy send-file and its own pipe are lost. Observe the response with Snoop.ResponseCapture (BeginMetrics, Observe), or transform it in a DelegatingResponseBodyFeature installed with ResponseCapture.Decorate.";

    /// <summary>SNOOP007, the wrapper only observes the bytes. {0}: the wrapper type.</summary>
    public static readonly DiagnosticDescriptor SNOOP007_ObservingWrapper = Create(
        RuleIdentifiers.BodyReplacedByWrapper,
        Snoop007Title,
        "The response body is replaced by '{0}': send-file becomes a copy through it and BodyWriter becomes a pipe over it, losing the server's own pipe; '{0}' only observes the bytes, which Snoop's ResponseCapture does without replacing the body",
        Snoop007Description,
        DiagnosticSeverity.Info);

    /// <summary>SNOOP007, the wrapper changes the bytes. {0}: the wrapper type.</summary>
    public static readonly DiagnosticDescriptor SNOOP007_TransformingWrapper = Create(
        RuleIdentifiers.BodyReplacedByWrapper,
        Snoop007Title,
        "The response body is replaced by '{0}': send-file becomes a copy through it and BodyWriter becomes a pipe over it, losing the server's own pipe; '{0}' changes the bytes, so the transform belongs in a DelegatingResponseBodyFeature installed with ResponseCapture.Decorate",
        Snoop007Description,
        DiagnosticSeverity.Info);

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description, DiagnosticSeverity severity = DiagnosticSeverity.Warning)
        => new(id, title, messageFormat, Category, severity, isEnabledByDefault: true, description: description, helpLinkUri: RuleIdentifiers.GetHelpUri(id));
}
