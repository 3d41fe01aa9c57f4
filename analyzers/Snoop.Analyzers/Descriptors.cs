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

    public static readonly DiagnosticDescriptor SNOOP004_BodyFeatureDropsCapability = Create(
        RuleIdentifiers.BodyFeatureDropsCapability,
        title: "Response body feature wrapper drops a capability",
        messageFormat: "{0}",
        description: "An IHttpResponseBodyFeature wrapper must forward DisableBuffering, StartAsync, SendFileAsync, CompleteAsync and the server's Writer to the feature it wraps, and a feature installed with Features.Set must be given the previous one; otherwise send-file becomes a copy, StartAsync and CompleteAsync do nothing or throw, and the server's pipe is lost.");

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

    public static readonly DiagnosticDescriptor SNOOP008_ResponseContentReplaced = Create(
        RuleIdentifiers.ResponseContentReplaced,
        title: "HttpClient handler replaces the response content and loses its headers",
        messageFormat: "The response content is replaced by a new '{0}' built from reading it, without its content headers: Content-Type becomes the new content's default and Content-Encoding, Content-Disposition, Last-Modified and the other content headers are lost{1}",
        description: "Reading a response's content and assigning new content built from it (so that the caller can read it again) drops every content header and buffers the whole body even under HttpCompletionOption.ResponseHeadersRead. Call LoadIntoBufferAsync on the content before reading it: it stays readable by the caller, with all its headers.");

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description, DiagnosticSeverity severity = DiagnosticSeverity.Warning)
        => new(id, title, messageFormat, Category, severity, isEnabledByDefault: true, description: description, helpLinkUri: RuleIdentifiers.GetHelpUri(id));
}
