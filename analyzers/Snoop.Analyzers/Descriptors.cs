using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Snoop.Analyzers;

/// <summary>Every diagnostic descriptor Snoop reports, in one place, with the help link built in.</summary>
internal static class Descriptors
{
    private const string Category = "Reliability";

    private const string Snoop001Title = "Response body captured in a buffer";

    private const string Snoop001Description = "Swapping Response.Body for a MemoryStream to log the body buffers the whole response, stops server-sent events and downloads from streaming, and hides send-file and the server's pipe. Capture a bounded copy with Snoop.ResponseCapture.Begin instead.";

    private const string Snoop001Message = "The response body is replaced by a buffering '{0}': the whole response is held in memory and nothing reaches the client until the handler ends";

    // SNOOP001 and SNOOP002: one rule each, one message format per finding (as SNOOP004), the analyzer passes names only.

    /// <summary>SNOOP001, the fix applies or no fix for a reason the message does not state. {0}: the buffer type.</summary>
    public static readonly DiagnosticDescriptor SNOOP001_BufferedResponseBody = Create(RuleIdentifiers.BufferedResponseBody, Snoop001Title, Snoop001Message, Snoop001Description);

    /// <summary>SNOOP001, no fix: the bytes written back are not the buffered bytes unchanged. {0}: the buffer type.</summary>
    public static readonly DiagnosticDescriptor SNOOP001_BytesChanged = Create(RuleIdentifiers.BufferedResponseBody, Snoop001Title, Snoop001Message + "; no automatic fix: the bytes written back to the original body are not the buffered bytes unchanged (an envelope, a rewrite or an injection), so move that transformation to a dedicated stream or filter", Snoop001Description);

    /// <summary>SNOOP001, no fix: the status or headers are set after the next component ran. {0}: the buffer type.</summary>
    public static readonly DiagnosticDescriptor SNOOP001_HeadersChanged = Create(RuleIdentifiers.BufferedResponseBody, Snoop001Title, Snoop001Message + "; no automatic fix: the status or headers are set after the next component ran, which works only while the body is held back; set them before the response starts (Response.OnStarting)", Snoop001Description);

    private const string Snoop002Title = "Swapped response body not restored on every path";

    private const string Snoop002Description = "When the replaced body is not put back in a finally block, an exception leaves the buffer in place and the error page that an outer middleware writes is lost.";

    private const string Snoop002Message = "The original response body is not restored in a finally block: ";

    /// <summary>SNOOP002, the original body is never put back. {0}: the local or field that holds the original body.</summary>
    public static readonly DiagnosticDescriptor SNOOP002_NeverRestored = Create(RuleIdentifiers.BodyNotRestored, Snoop002Title, Snoop002Message + "'{0}' is never put back, so everything that runs after this code (outer middleware, the error page) writes into the replacement", Snoop002Description);

    /// <summary>SNOOP002, put back on the success path only. {0}: the local or field that holds the original body.</summary>
    public static readonly DiagnosticDescriptor SNOOP002_RestoredOnSuccessOnly = Create(RuleIdentifiers.BodyNotRestored, Snoop002Title, Snoop002Message + "'{0}' is put back only on the success path; when an exception escapes, the replacement stays and the error page written by an outer middleware is lost", Snoop002Description);

    /// <summary>SNOOP002, put back in a catch block only. {0}: the local or field that holds the original body.</summary>
    public static readonly DiagnosticDescriptor SNOOP002_RestoredInCatchOnly = Create(RuleIdentifiers.BodyNotRestored, Snoop002Title, Snoop002Message + "'{0}' is put back only in a catch block; when the request succeeds the replacement stays in place", Snoop002Description);

    /// <summary>SNOOP002, a body feature installed around the next component with the previous one not even kept. {0}: unused (the previous feature).</summary>
    public static readonly DiagnosticDescriptor SNOOP002_PreviousFeatureNotKept = Create(RuleIdentifiers.BodyNotRestored, Snoop002Title, Snoop002Message + "the previous body feature is not kept, so it is never put back and everything that runs after this code (outer middleware, the error page) goes through the replacement", Snoop002Description);

    /// <summary>SNOOP002, a filter restores only in a method that some paths skip. {0}: the field or property that holds the original body.</summary>
    public static readonly DiagnosticDescriptor SNOOP002_FilterRestoredOnSuccessOnly = Create(RuleIdentifiers.BodyNotRestored, Snoop002Title, Snoop002Message + "'{0}' is put back only in a filter method that some paths skip (an action that throws skips the result filters; a branch or an early return skips the restore), so the replacement stays and the error page written by an outer middleware is lost", Snoop002Description);

    private const string Snoop003Title = "Stream wrapper sends async writes down a blocking path";

    private const string Snoop003Description = "A Stream wrapper that overrides only the synchronous members turns every async write into a blocking call on the inner stream; Kestrel throws 'Synchronous operations are disallowed'.";

    // SNOOP003: one rule, one message format per combination of findings (a wrapper is reported once), each format put
    // together here from the fixed text of its findings (as SNOOP006); the analyzer passes the class name only.

    /// <summary>SNOOP003, <c>WriteAsync</c> (and <c>BeginWrite</c>) fall to the sync <c>Write</c>. {0}: the class.</summary>
    public static readonly DiagnosticDescriptor SNOOP003_WriteBlocks = Snoop003(Snoop003Write.WriteAsync, flushBlocks: false, disposeBlocks: false);

    /// <summary>SNOOP003, <c>FlushAsync</c> falls to the sync <c>Flush</c>. {0}: the class.</summary>
    public static readonly DiagnosticDescriptor SNOOP003_FlushBlocks = Snoop003(Snoop003Write.None, flushBlocks: true, disposeBlocks: false);

    /// <summary>SNOOP003, both fall to the sync path. {0}: the class.</summary>
    public static readonly DiagnosticDescriptor SNOOP003_WriteAndFlushBlock = Snoop003(Snoop003Write.WriteAsync, flushBlocks: true, disposeBlocks: false);

    /// <summary>SNOOP003, as WriteBlocks, and <c>DisposeAsync</c> disposes the inner stream synchronously. {0}: the class.</summary>
    public static readonly DiagnosticDescriptor SNOOP003_WriteBlocksAndDisposes = Snoop003(Snoop003Write.WriteAsync, flushBlocks: false, disposeBlocks: true);

    /// <summary>SNOOP003, as FlushBlocks, and <c>DisposeAsync</c> disposes the inner stream synchronously. {0}: the class.</summary>
    public static readonly DiagnosticDescriptor SNOOP003_FlushBlocksAndDisposes = Snoop003(Snoop003Write.None, flushBlocks: true, disposeBlocks: true);

    /// <summary>SNOOP003, as WriteAndFlushBlock, and <c>DisposeAsync</c> disposes the inner stream synchronously. {0}: the class.</summary>
    public static readonly DiagnosticDescriptor SNOOP003_WriteAndFlushBlockAndDisposes = Snoop003(Snoop003Write.WriteAsync, flushBlocks: true, disposeBlocks: true);

    /// <summary>SNOOP003, <c>WriteAsync</c> is overridden but <c>BeginWrite</c> falls to the sync <c>Write</c>. {0}: the class.</summary>
    public static readonly DiagnosticDescriptor SNOOP003_BeginWriteBlocks = Snoop003(Snoop003Write.BeginWriteOnly, flushBlocks: false, disposeBlocks: false);

    /// <summary>SNOOP003, as BeginWriteBlocks, and <c>FlushAsync</c> falls to the sync <c>Flush</c>. {0}: the class.</summary>
    public static readonly DiagnosticDescriptor SNOOP003_BeginWriteAndFlushBlock = Snoop003(Snoop003Write.BeginWriteOnly, flushBlocks: true, disposeBlocks: false);

    /// <summary>SNOOP003, as BeginWriteBlocks, and <c>DisposeAsync</c> ends in a synchronous dispose or flush of the inner stream. {0}: the class.</summary>
    public static readonly DiagnosticDescriptor SNOOP003_BeginWriteBlocksAndDisposes = Snoop003(Snoop003Write.BeginWriteOnly, flushBlocks: false, disposeBlocks: true);

    /// <summary>SNOOP003, as BeginWriteAndFlushBlock, and <c>DisposeAsync</c> too. {0}: the class.</summary>
    public static readonly DiagnosticDescriptor SNOOP003_BeginWriteAndFlushBlockAndDisposes = Snoop003(Snoop003Write.BeginWriteOnly, flushBlocks: true, disposeBlocks: true);

    /// <summary>SNOOP003, only <c>DisposeAsync</c> ends in a synchronous dispose or flush of the inner stream. {0}: the class.</summary>
    public static readonly DiagnosticDescriptor SNOOP003_DisposeBlocks = Snoop003(Snoop003Write.None, flushBlocks: false, disposeBlocks: true);

    /// <summary>The SNOOP003 async format for a combination of findings (at least one).</summary>
    public static DiagnosticDescriptor SNOOP003(Snoop003Write write, bool flushBlocks, bool disposeBlocks)
        => (write, flushBlocks, disposeBlocks) switch
        {
            (Snoop003Write.WriteAsync, false, false) => SNOOP003_WriteBlocks,
            (Snoop003Write.WriteAsync, true, false) => SNOOP003_WriteAndFlushBlock,
            (Snoop003Write.WriteAsync, false, true) => SNOOP003_WriteBlocksAndDisposes,
            (Snoop003Write.WriteAsync, true, true) => SNOOP003_WriteAndFlushBlockAndDisposes,
            (Snoop003Write.BeginWriteOnly, false, false) => SNOOP003_BeginWriteBlocks,
            (Snoop003Write.BeginWriteOnly, true, false) => SNOOP003_BeginWriteAndFlushBlock,
            (Snoop003Write.BeginWriteOnly, false, true) => SNOOP003_BeginWriteBlocksAndDisposes,
            (Snoop003Write.BeginWriteOnly, true, true) => SNOOP003_BeginWriteAndFlushBlockAndDisposes,
            (_, true, false) => SNOOP003_FlushBlocks,
            (_, true, true) => SNOOP003_FlushBlocksAndDisposes,
            _ => SNOOP003_DisposeBlocks,
        };

    private static DiagnosticDescriptor Snoop003(Snoop003Write write, bool flushBlocks, bool disposeBlocks)
    {
        var members = new List<string>(3);
        var effects = new List<string>(3);
        if (write == Snoop003Write.WriteAsync)
        {
            members.Add("WriteAsync(byte[], int, int, CancellationToken)");
            members.Add("BeginWrite/EndWrite");
            effects.Add("every WriteAsync and BeginWrite ends in a synchronous Write on the inner stream");
        }
        else if (write == Snoop003Write.BeginWriteOnly)
        {
            members.Add("BeginWrite/EndWrite");
            effects.Add("Stream's BeginWrite runs the synchronous Write, which writes to the inner stream synchronously");
        }

        if (flushBlocks)
        {
            members.Add("FlushAsync(CancellationToken)");
            effects.Add("FlushAsync ends in a synchronous Flush on the inner stream");
        }

        if (disposeBlocks)
        {
            members.Add("DisposeAsync()");
            effects.Add("DisposeAsync ends in the synchronous Dispose, which disposes, flushes or writes to the inner stream synchronously");
        }

        var format = "'{0}' does not override " + JoinAnd(members) + ": " + string.Join("; ", effects) + " (Kestrel throws 'Synchronous operations are disallowed')";
        return Create(RuleIdentifiers.StreamWrapperBlocksAsync, Snoop003Title, format, Snoop003Description);
    }

    private static string JoinAnd(List<string> parts)
        => parts.Count == 1 ? parts[0] : string.Join(", ", parts.GetRange(0, parts.Count - 1)) + " and " + parts[parts.Count - 1];

    /// <summary>SNOOP003, one inherited write overload bypasses the override. {0}: the class; {1}: the bypassing overload; {2}: the concrete base; {3}: the overridden overloads.</summary>
    public static readonly DiagnosticDescriptor SNOOP003_OverloadBypassesOverride = Create(RuleIdentifiers.StreamWrapperBlocksAsync, Snoop003Title, "'{0}' does not override {1}: writes through it go straight to {2} and skip the override of {3}", Snoop003Description);

    /// <summary>SNOOP003, several inherited write overloads bypass the override. {0}: the class; {1}: the bypassing overloads; {2}: the concrete base; {3}: the overridden overloads.</summary>
    public static readonly DiagnosticDescriptor SNOOP003_OverloadsBypassOverride = Create(RuleIdentifiers.StreamWrapperBlocksAsync, Snoop003Title, "'{0}' does not override {1}: writes through them go straight to {2} and skip the override of {3}", Snoop003Description);

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

    /// <summary>SNOOP004, <c>StartAsync</c> only flushes the wrapper's own stream. {0}: the member.</summary>
    public static readonly DiagnosticDescriptor SNOOP004_StartOnlyFlushes = Create(RuleIdentifiers.BodyFeatureDropsCapability, Snoop004Title, "{0} does not reach the wrapped feature: it only flushes this wrapper's own stream, so the previous feature's {0} never runs and Response.{0} starts the response only if that flush happens to reach the server", Snoop004Description);

    /// <summary>SNOOP004, <c>CompleteAsync</c> does its own work and returns a completed task. {0}: the member.</summary>
    public static readonly DiagnosticDescriptor SNOOP004_CompleteOnlyOwnWork = Create(RuleIdentifiers.BodyFeatureDropsCapability, Snoop004Title, "{0} does not reach the wrapped feature: it does its own work and returns a completed task while the other members forward, so Response.{0} does not complete the response at the server", Snoop004Description);

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

    /// <summary>SNOOP004, <c>Features.Set</c> of a feature given no previous feature, no automatic fix. {0}: the feature type.</summary>
    public static readonly DiagnosticDescriptor SNOOP004_InstalledWithoutPrevious_NoFix = Create(RuleIdentifiers.BodyFeatureDropsCapability, Snoop004Title, "'{0}' is installed as the response body feature without the previous feature: DisableBuffering, StartAsync, SendFileAsync and CompleteAsync no longer reach the server, and files are copied instead of sent; no automatic fix: pass the previous feature (context.Features.Get<IHttpResponseBodyFeature>(), read before the Set) to the constructor yourself", Snoop004Description);

    private const string Snoop005Title = "HttpResponse or HttpContext wrapper hides members";

    private const string Snoop005Description = "A class deriving from HttpResponse, HttpRequest or HttpContext that wraps another instance must forward members whose base implementation throws or ignores the wrapped instance.";

    // SNOOP005: one rule, one message format per finding (as SNOOP004); the analyzer passes names only.

    /// <summary>SNOOP005, an <c>HttpResponse</c> wrapper does not forward <c>BodyWriter</c> (and perhaps <c>StartAsync</c>/<c>CompleteAsync</c>). {0}: the class; {1}: the members not forwarded.</summary>
    public static readonly DiagnosticDescriptor SNOOP005_ResponseBodyWriter = Create(RuleIdentifiers.HttpAbstractionWrapperHidesMembers, Snoop005Title, "'{0}' wraps another HttpResponse but does not forward {1}: the base throws NotImplementedException, so JSON results, SignalR and gRPC fail", Snoop005Description);

    /// <summary>SNOOP005, an <c>HttpResponse</c> wrapper does not forward <c>StartAsync</c> and/or <c>CompleteAsync</c>. {0}: the class; {1}: the members not forwarded.</summary>
    public static readonly DiagnosticDescriptor SNOOP005_ResponseStartOrComplete = Create(RuleIdentifiers.HttpAbstractionWrapperHidesMembers, Snoop005Title, "'{0}' wraps another HttpResponse but does not forward {1}: the base throws NotImplementedException", Snoop005Description);

    /// <summary>SNOOP005, an <c>HttpRequest</c> wrapper does not forward <c>BodyReader</c>. {0}: the class.</summary>
    public static readonly DiagnosticDescriptor SNOOP005_RequestBodyReader = Create(RuleIdentifiers.HttpAbstractionWrapperHidesMembers, Snoop005Title, "'{0}' wraps another HttpRequest but does not forward BodyReader: the base throws NotImplementedException, so minimal APIs, MVC input formatters and gRPC cannot read the body", Snoop005Description);

    /// <summary>SNOOP005, an <c>HttpRequest</c> wrapper does not forward <c>RouteValues</c>. {0}: the class.</summary>
    public static readonly DiagnosticDescriptor SNOOP005_RequestRouteValues = Create(RuleIdentifiers.HttpAbstractionWrapperHidesMembers, Snoop005Title, "'{0}' wraps another HttpRequest but does not forward RouteValues: the base keeps its own value (null) instead of the wrapped request's route values", Snoop005Description);

    /// <summary>SNOOP005, an <c>HttpRequest</c> wrapper forwards neither <c>BodyReader</c> nor <c>RouteValues</c>. {0}: the class.</summary>
    public static readonly DiagnosticDescriptor SNOOP005_RequestBodyReaderAndRouteValues = Create(RuleIdentifiers.HttpAbstractionWrapperHidesMembers, Snoop005Title, "'{0}' wraps another HttpRequest but does not forward BodyReader (the base throws NotImplementedException, so minimal APIs, MVC input formatters and gRPC cannot read the body) and RouteValues (the base keeps its own value (null) instead of the wrapped request's route values)", Snoop005Description);

    private const string Snoop006Title = "PipeWriter wrapper hides capabilities";

    private const string Snoop006Description = "A PipeWriter wrapper must forward CanGetUnflushedBytes/UnflushedBytes, CompleteAsync and the exception passed to Complete; System.Text.Json needs UnflushedBytes on .NET 9 and later.";

    // SNOOP006: one rule, one message format per combination of findings (a wrapper can have several and is reported
    // once), each format put together here from the fixed text of its findings; the analyzer passes names only:
    // {0} the class, {1} the member(s) that drop the exception.
    private const string Snoop006Start = "'{0}' wraps another PipeWriter but ";

    private static readonly string?[] s_snoop006Unflushed =
    {
        null,
        "does not forward CanGetUnflushedBytes and UnflushedBytes (System.Text.Json on .NET 9+ throws 'does not implement PipeWriter.UnflushedBytes')",
        "does not forward CanGetUnflushedBytes, so UnflushedBytes is never used (System.Text.Json on .NET 9+ throws 'does not implement PipeWriter.UnflushedBytes')",
        "forwards CanGetUnflushedBytes but not UnflushedBytes, whose base implementation throws NotImplementedException",
    };

    private const string Snoop006CompleteAsync = "does not override CompleteAsync, which falls to the base's blocking Complete";

    private const string Snoop006DropsException = "drops the exception passed to {1}, so the inner writer completes as if the response succeeded";

    // Formats indexed by Snoop006Index: unflushed finding * 4 + (CompleteAsync blocks ? 2 : 0) + (drops the exception ? 1 : 0).
    public static readonly DiagnosticDescriptor SNOOP006_DropsException = Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities, Snoop006Title, Snoop006Format(1), Snoop006Description);

    public static readonly DiagnosticDescriptor SNOOP006_CompleteAsyncBlocks = Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities, Snoop006Title, Snoop006Format(2), Snoop006Description);

    public static readonly DiagnosticDescriptor SNOOP006_CompleteAsyncBlocksAndDropsException = Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities, Snoop006Title, Snoop006Format(3), Snoop006Description);

    public static readonly DiagnosticDescriptor SNOOP006_NothingUnflushed = Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities, Snoop006Title, Snoop006Format(4), Snoop006Description);

    public static readonly DiagnosticDescriptor SNOOP006_NothingUnflushedAndDropsException = Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities, Snoop006Title, Snoop006Format(5), Snoop006Description);

    public static readonly DiagnosticDescriptor SNOOP006_NothingUnflushedAndCompleteAsyncBlocks = Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities, Snoop006Title, Snoop006Format(6), Snoop006Description);

    public static readonly DiagnosticDescriptor SNOOP006_NothingUnflushedAndCompleteAsyncBlocksAndDropsException = Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities, Snoop006Title, Snoop006Format(7), Snoop006Description);

    public static readonly DiagnosticDescriptor SNOOP006_NoCanGetUnflushedBytes = Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities, Snoop006Title, Snoop006Format(8), Snoop006Description);

    public static readonly DiagnosticDescriptor SNOOP006_NoCanGetUnflushedBytesAndDropsException = Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities, Snoop006Title, Snoop006Format(9), Snoop006Description);

    public static readonly DiagnosticDescriptor SNOOP006_NoCanGetUnflushedBytesAndCompleteAsyncBlocks = Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities, Snoop006Title, Snoop006Format(10), Snoop006Description);

    public static readonly DiagnosticDescriptor SNOOP006_NoCanGetUnflushedBytesAndCompleteAsyncBlocksAndDropsException = Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities, Snoop006Title, Snoop006Format(11), Snoop006Description);

    public static readonly DiagnosticDescriptor SNOOP006_NoUnflushedBytes = Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities, Snoop006Title, Snoop006Format(12), Snoop006Description);

    public static readonly DiagnosticDescriptor SNOOP006_NoUnflushedBytesAndDropsException = Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities, Snoop006Title, Snoop006Format(13), Snoop006Description);

    public static readonly DiagnosticDescriptor SNOOP006_NoUnflushedBytesAndCompleteAsyncBlocks = Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities, Snoop006Title, Snoop006Format(14), Snoop006Description);

    public static readonly DiagnosticDescriptor SNOOP006_NoUnflushedBytesAndCompleteAsyncBlocksAndDropsException = Create(RuleIdentifiers.PipeWriterWrapperHidesCapabilities, Snoop006Title, Snoop006Format(15), Snoop006Description);

    /// <summary>Every SNOOP006 format, indexed by <see cref="Snoop006Index"/> (index 0, no finding, is never reported).</summary>
    public static readonly ImmutableArray<DiagnosticDescriptor> SNOOP006_Formats = ImmutableArray.Create(
        SNOOP006_DropsException,
        SNOOP006_CompleteAsyncBlocks,
        SNOOP006_CompleteAsyncBlocksAndDropsException,
        SNOOP006_NothingUnflushed,
        SNOOP006_NothingUnflushedAndDropsException,
        SNOOP006_NothingUnflushedAndCompleteAsyncBlocks,
        SNOOP006_NothingUnflushedAndCompleteAsyncBlocksAndDropsException,
        SNOOP006_NoCanGetUnflushedBytes,
        SNOOP006_NoCanGetUnflushedBytesAndDropsException,
        SNOOP006_NoCanGetUnflushedBytesAndCompleteAsyncBlocks,
        SNOOP006_NoCanGetUnflushedBytesAndCompleteAsyncBlocksAndDropsException,
        SNOOP006_NoUnflushedBytes,
        SNOOP006_NoUnflushedBytesAndDropsException,
        SNOOP006_NoUnflushedBytesAndCompleteAsyncBlocks,
        SNOOP006_NoUnflushedBytesAndCompleteAsyncBlocksAndDropsException);

    /// <summary>The SNOOP006 format for a combination of findings (at least one).</summary>
    public static DiagnosticDescriptor SNOOP006(PipeWriterUnflushedFinding unflushed, bool completeAsyncBlocks, bool dropsException)
        => SNOOP006_Formats[Snoop006Index(unflushed, completeAsyncBlocks, dropsException) - 1];

    private static int Snoop006Index(PipeWriterUnflushedFinding unflushed, bool completeAsyncBlocks, bool dropsException)
        => ((int)unflushed * 4) + (completeAsyncBlocks ? 2 : 0) + (dropsException ? 1 : 0);

    private static string Snoop006Format(int index)
    {
        var phrases = new List<string>(3);
        if (s_snoop006Unflushed[index / 4] is { } unflushed)
        {
            phrases.Add(unflushed);
        }

        if ((index & 2) != 0)
        {
            phrases.Add(Snoop006CompleteAsync);
        }

        if ((index & 1) != 0)
        {
            phrases.Add(Snoop006DropsException);
        }

        return Snoop006Start + string.Join("; it ", phrases);
    }

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

    /// <summary>SNOOP007, a hand-written body feature that only observes through its stream. {0}: the feature type; {1}: its stream type.</summary>
    public static readonly DiagnosticDescriptor SNOOP007_ObservingFeature = Create(
        RuleIdentifiers.BodyReplacedByWrapper,
        Snoop007Title,
        "The response body feature is replaced by '{0}', which only observes the bytes written to its '{1}' and forwards everything else: the bytes written to BodyWriter and the files sent pass it by; Snoop's ResponseCapture observes all three without a hand-written feature",
        Snoop007Description,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor SNOOP007_ObservingFeatureAndWriter = Create(
        RuleIdentifiers.BodyReplacedByWrapper,
        Snoop007Title,
        "The response body feature is replaced by '{0}', which only observes the bytes written to its '{1}' and its '{2}' and forwards everything else: the files sent pass it by; Snoop's ResponseCapture observes the stream, BodyWriter and send-file without a hand-written feature and its two wrappers",
        Snoop007Description,
        DiagnosticSeverity.Info);

    private const string Snoop008Title = "HttpClient handler replaces the response content and loses its headers";

    private const string Snoop008Description = "Reading a response's content and assigning new content built from it (so that the caller can read it again) drops every content header and buffers the whole body even under HttpCompletionOption.ResponseHeadersRead. Call LoadIntoBufferAsync on the content before reading it: it stays readable by the caller, with all its headers.";

    private const string Snoop008Message = "The response content is replaced by a new '{0}' built from reading it, without its content headers: Content-Type becomes the new content's default and Content-Encoding, Content-Disposition, Last-Modified and the other content headers are lost";

    private const string Snoop008NoFix = "; no automatic fix: ";

    // SNOOP008: one rule, one message format per finding (fixable, or why not; as SNOOP004); the analyzer passes the new content's type name only.

    /// <summary>SNOOP008, fixable. {0}: the new content's type.</summary>
    public static readonly DiagnosticDescriptor SNOOP008_ResponseContentReplaced = Create(RuleIdentifiers.ResponseContentReplaced, Snoop008Title, Snoop008Message, Snoop008Description);

    /// <summary>SNOOP008, no fix: the new content's bytes are not always the ones read. {0}: the new content's type.</summary>
    public static readonly DiagnosticDescriptor SNOOP008_Transformed = Create(RuleIdentifiers.ResponseContentReplaced, Snoop008Title, Snoop008Message + Snoop008NoFix + "the new content's bytes are not always the ones read (the body is rewritten, decompressed, re-serialized, or something else on some path), so copy the content headers that still hold onto the new content", Snoop008Description);

    /// <summary>SNOOP008, no fix: the code is not async. {0}: the new content's type.</summary>
    public static readonly DiagnosticDescriptor SNOOP008_NotAsync = Create(RuleIdentifiers.ResponseContentReplaced, Snoop008Title, Snoop008Message + Snoop008NoFix + "the code is not async and HttpContent has no public synchronous LoadIntoBuffer, so buffer with LoadIntoBufferAsync on the async path (SendAsync) or copy the content headers", Snoop008Description);

    /// <summary>SNOOP008, no fix: the body is read through a stream. {0}: the new content's type.</summary>
    public static readonly DiagnosticDescriptor SNOOP008_StreamRead = Create(RuleIdentifiers.ResponseContentReplaced, Snoop008Title, Snoop008Message + Snoop008NoFix + "the body is read through ReadAsStream(Async) or an extension method that may use it, and once the content is buffered that same stream is handed to every later reader at its end, so read it with ReadAsStringAsync, ReadAsByteArrayAsync or CopyToAsync after LoadIntoBufferAsync", Snoop008Description);

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string description, DiagnosticSeverity severity = DiagnosticSeverity.Warning)
        => new(id, title, messageFormat, Category, severity, isEnabledByDefault: true, description: description, helpLinkUri: RuleIdentifiers.GetHelpUri(id));
}

/// <summary>SNOOP003: which write entry point of a <c>Stream</c> wrapper falls to the synchronous <c>Write</c>.</summary>
internal enum Snoop003Write
{
    /// <summary>None: the async writes reach async code.</summary>
    None = 0,

    /// <summary><c>WriteAsync(byte[], ...)</c> and <c>BeginWrite</c> are both the base's (every async write blocks).</summary>
    WriteAsync = 1,

    /// <summary><c>WriteAsync</c> is overridden, <c>BeginWrite</c> is the base's (the APM entry blocks).</summary>
    BeginWriteOnly = 2,
}

/// <summary>SNOOP006: what a <c>PipeWriter</c> wrapper does with <c>CanGetUnflushedBytes</c>/<c>UnflushedBytes</c>.</summary>
internal enum PipeWriterUnflushedFinding
{
    /// <summary>Both forwarded (or deliberately refused): nothing to report.</summary>
    None = 0,

    /// <summary>Neither is forwarded.</summary>
    NeitherForwarded = 1,

    /// <summary><c>CanGetUnflushedBytes</c> is not forwarded (<c>UnflushedBytes</c> is).</summary>
    CanGetNotForwarded = 2,

    /// <summary><c>CanGetUnflushedBytes</c> is forwarded, <c>UnflushedBytes</c> is not.</summary>
    UnflushedNotForwarded = 3,
}
