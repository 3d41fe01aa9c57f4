namespace Snoop.Analyzers;

/// <summary>
/// Every <c>Diagnostic.Properties</c> key the analyzers emit and the fixers read, and their fixed values, in one place.
/// Keys end in <c>Key</c>; a key shared by several rules (<see cref="KindKey"/>, <see cref="InnerKey"/>) means the same thing in each.
/// </summary>
/// <remarks>
/// Every key is read by the rule's fixer except three, kept on purpose: <see cref="NotFixableKey"/> (why no fix is
/// offered; the fixers decide on <see cref="FixableKey"/>, except SNOOP007's, which has no <see cref="FixableKey"/> and
/// reads <see cref="NotFixableKey"/>, <see cref="KindKey"/> and <see cref="InstallKey"/>), and SNOOP001's
/// <see cref="CopyBackKey"/> and <see cref="HeadersChangedKey"/>: the SNOOP001 fix removes the copy-back whatever its
/// kind and takes no different path when headers change, but these facts tell a user (an IDE's diagnostic details, a
/// SARIF log, a script triaging the warnings) what the analyzer saw: whether the buffered bytes reach the client
/// unchanged, changed or not at all, and whether the code relies on the body being held back. Each is pinned by
/// <c>DiagnosticPropertiesTests</c>. Add no other key that nothing reads.
/// </remarks>
internal static class DiagnosticProperties
{
    /// <summary>The value of a flag property that is set (flags are present with this value, or absent).</summary>
    public const string True = "true";

    /// <summary>
    /// Present (<see cref="True"/>) when the rule's fix can be applied; absent when it cannot. The one encoding of
    /// "fixable" for SNOOP001 to SNOOP006 and SNOOP008.
    /// </summary>
    public const string FixableKey = "Fixable";

    /// <summary>What was found, for rules that report several shapes (SNOOP003, SNOOP004).</summary>
    public const string KindKey = "Kind";

    /// <summary>
    /// The field, property or primary-constructor parameter holding the wrapped instance (SNOOP004, SNOOP005, SNOOP006);
    /// for SNOOP006 also a member path through a property of it (<c>_pipe.Writer</c>) when the writer is read off a member.
    /// </summary>
    public const string InnerKey = "Inner";

    /// <summary>
    /// The members concerned, comma separated (SNOOP003: missing async members; SNOOP005: members to forward; SNOOP007:
    /// the members that read a counting wrapper's count).
    /// </summary>
    public const string MembersKey = "Members";

    // ------------------------------------------------------------------ SNOOP001

    /// <summary>
    /// Why no fix is offered, present exactly when <see cref="FixableKey"/> is absent: SNOOP001 (a <c>NotFixableReason</c>
    /// name), SNOOP002 (a <c>RestoreFixBlocker</c> name), SNOOP003 (<see cref="NotTranslatable"/> or <see cref="KindBypass"/>),
    /// SNOOP004 and SNOOP007 (a <c>NotFixable*</c> value below), SNOOP006 (<see cref="NotTranslatable"/>) and SNOOP008 (a
    /// <c>ContentFixBlocker</c> name).
    /// </summary>
    public const string NotFixableKey = "NotFixable";

    /// <summary>SNOOP001: what happens to the buffered bytes (a <c>CopyBack</c> name).</summary>
    public const string CopyBackKey = "CopyBack";

    /// <summary>
    /// SNOOP001: how the buffer is consumed, comma separated: <see cref="ConsumptionText"/>, <see cref="ConsumptionBytes"/>,
    /// <see cref="ConsumptionLength"/> (empty when it is not read). Text or bytes: the fix captures the body; else metrics.
    /// </summary>
    public const string ConsumptionKey = "Consumption";

    /// <summary>SNOOP001 <see cref="ConsumptionKey"/>: read as text.</summary>
    public const string ConsumptionText = "text";

    /// <summary>SNOOP001 <see cref="ConsumptionKey"/>: read as bytes.</summary>
    public const string ConsumptionBytes = "bytes";

    /// <summary>SNOOP001 <see cref="ConsumptionKey"/>: only its length is read.</summary>
    public const string ConsumptionLength = "length";

    /// <summary>SNOOP001: present (<see cref="True"/>) when status or headers are set after the next component ran.</summary>
    public const string HeadersChangedKey = "HeadersChangedAfterHandler";

    // ------------------------------------------------------------------ SNOOP002

    /// <summary>SNOOP002: how the original is put back today (a <c>RestoreKind</c> name).</summary>
    public const string RestoreKey = "Restore";

    // ------------------------------------------------------------------ SNOOP003

    /// <summary>SNOOP003 <see cref="KindKey"/>: an async entry point falls to a blocking base implementation.</summary>
    public const string KindAsync = "Async";

    /// <summary>SNOOP003 <see cref="KindKey"/>: an inherited write overload bypasses the class's override.</summary>
    public const string KindBypass = "Bypass";

    /// <summary>
    /// SNOOP003 <see cref="NotFixableKey"/> of an <see cref="KindAsync"/> finding (and SNOOP006's): a sync override's body
    /// cannot be translated to its async counterpart (see <c>AsyncBodyTranslator</c>). A <see cref="KindBypass"/> finding has
    /// <see cref="KindBypass"/> as its reason (no fix exists for it). The shape only: compile errors in the members the fix
    /// translates do not make a finding NotTranslatable; the fixer checks them and offers nothing while they stand
    /// (<c>FixPreconditions.TypeHasErrorsAsync</c>), which keeps the compiler's error query out of the analyzers.
    /// </summary>
    public const string NotTranslatable = "NotTranslatable";

    /// <summary>SNOOP003 member code for <c>WriteAsync(byte[], int, int, CancellationToken)</c>.</summary>
    public const string WriteAsyncMember = "WriteAsync";

    /// <summary>SNOOP003 member code for <c>FlushAsync(CancellationToken)</c>.</summary>
    public const string FlushAsyncMember = "FlushAsync";

    /// <summary>SNOOP003 member code for <c>BeginWrite</c>/<c>EndWrite</c> (the APM entry, whose base runs the sync <c>Write</c>).</summary>
    public const string BeginWriteMember = "BeginWrite";

    /// <summary>SNOOP003 member code for <c>DisposeAsync()</c>.</summary>
    public const string DisposeAsyncMember = "DisposeAsync";

    // ------------------------------------------------------------------ SNOOP004

    /// <summary>SNOOP004 <see cref="KindKey"/>: a wrapper's method does not reach the wrapped feature.</summary>
    public const string KindMember = "Member";

    /// <summary>SNOOP004 <see cref="KindKey"/>: a wrapper's <c>Writer</c> is not the wrapped feature's.</summary>
    public const string KindWriter = "Writer";

    /// <summary>SNOOP004 <see cref="KindKey"/>: <c>Features.Set</c> of a feature given no previous feature.</summary>
    public const string KindSet = "Set";

    /// <summary>SNOOP004: the interface member that does not reach the wrapped feature (a <c>BodyFeatureMember</c> name).</summary>
    public const string MemberKey = "Member";

    /// <summary>SNOOP004: <see cref="True"/> when the holder is declared nullable (the fix then forwards with <c>?.</c>).</summary>
    public const string InnerMaybeNullKey = "InnerMaybeNull";

    /// <summary>
    /// SNOOP004: <see cref="True"/> when the member does work of its own (a <c>StartAsync</c> flushing its stream, a
    /// <c>CompleteAsync</c> logging): the fix keeps it and calls the wrapped feature after it.
    /// </summary>
    public const string KeepWorkKey = "KeepWork";

    /// <summary>SNOOP004 <see cref="NotFixableKey"/>: no single field, property or primary-constructor parameter holds the previous feature.</summary>
    public const string NotFixableNoSingleHolder = "NoSingleHolder";

    /// <summary>SNOOP004 <see cref="NotFixableKey"/>: forwarding would skip the wrapper's own stream (its bytes, its flush).</summary>
    public const string NotFixableOwnStream = "OwnStream";

    /// <summary>SNOOP004 <see cref="NotFixableKey"/>: <c>Writer</c> is built in a constructor or initializer, not in its getter.</summary>
    public const string NotFixableWriterBuiltElsewhere = "WriterBuiltElsewhere";

    /// <summary>SNOOP004 <see cref="NotFixableKey"/>: the previous feature may be null, and a <c>Writer</c> cannot fall back to a no-op.</summary>
    public const string NotFixablePreviousMaybeNull = "PreviousMaybeNull";

    /// <summary>SNOOP004 <see cref="NotFixableKey"/> of a <see cref="KindSet"/>: the feature was given <c>null</c> as the previous feature.</summary>
    public const string NotFixablePreviousIsNull = "PreviousIsNull";

    /// <summary>SNOOP004 <see cref="NotFixableKey"/> of a <see cref="KindSet"/>: no constructor takes the same arguments plus the previous feature.</summary>
    public const string NotFixableNoConstructorWithPrevious = "NoConstructorWithPrevious";

    /// <summary>SNOOP004 <see cref="NotFixableKey"/> of a <see cref="KindSet"/>: the feature is created into a local before the <c>Set</c>.</summary>
    public const string NotFixableCreatedBeforeInstall = "CreatedBeforeInstall";

    // ------------------------------------------------------------------ SNOOP006

    /// <summary>SNOOP006: the findings, comma separated (the <c>*Finding</c> values below).</summary>
    public const string FindingsKey = "Findings";

    /// <summary>SNOOP006: <see cref="True"/> when the wrapper's <c>Advance</c> forwards, so the inner's unflushed count is the wrapper's.</summary>
    public const string UnflushedForwardableKey = "UnflushedForwardable";

    /// <summary>SNOOP006 finding: <c>CanGetUnflushedBytes</c> is not forwarded.</summary>
    public const string CanGetUnflushedBytesFinding = "CanGetUnflushedBytes";

    /// <summary>SNOOP006 finding: <c>UnflushedBytes</c> is not forwarded.</summary>
    public const string UnflushedBytesFinding = "UnflushedBytes";

    /// <summary>SNOOP006 finding: <c>CompleteAsync</c> falls to the blocking <c>Complete</c>.</summary>
    public const string CompleteAsyncFinding = "CompleteAsync";

    /// <summary>SNOOP006 finding: the exception passed to <c>Complete</c>/<c>CompleteAsync</c> is dropped.</summary>
    public const string DropsExceptionFinding = "DropsException";

    // ---------------------------------------------------------------- SNOOP007

    /// <summary>SNOOP007 <see cref="KindKey"/>: the wrapper only adds the written length to a counter.</summary>
    public const string KindCounts = "Counts";

    /// <summary>SNOOP007 <see cref="KindKey"/>: the wrapper passes the bytes on unchanged and observes them otherwise.</summary>
    public const string KindObserves = "Observes";

    /// <summary>
    /// SNOOP007 <see cref="NotFixableKey"/>: a hand-written feature's own <c>PipeWriter</c> wrapper observes other than by
    /// counting (or only one of its stream and writer counts), which neither the metrics capture nor the generated observer
    /// takes over provably.
    /// </summary>
    public const string NotFixableWriterObserves = "WriterObserves";

    /// <summary>SNOOP007 <see cref="NotFixableKey"/>: the install is not in a block body (top-level statements, an expression body).</summary>
    public const string NotFixableNoBlock = "NoBlock";

    /// <summary>
    /// SNOOP007 <see cref="NotFixableKey"/>: the wrapper (or the hand-written feature) is used other than by the install, a
    /// read of its count, a member the generated observer keeps, its disposal or a flush (handed to a method, stored,
    /// another member read), or its type is named (a cast of the body).
    /// </summary>
    public const string NotFixableWrapperUsedOtherwise = "WrapperUsedOtherwise";

    /// <summary>
    /// SNOOP007 <see cref="NotFixableKey"/>: a counting wrapper is created in a local and other work runs before it is
    /// installed: the capture must begin where the wrapper was installed, and the rewrite does not move that work.
    /// </summary>
    public const string NotFixableWrapperCreatedApart = "WrapperCreatedApart";

    /// <summary>SNOOP007 <see cref="NotFixableKey"/>: the kept original body is used other than by the wrapper and <c>Response.Body = original;</c>.</summary>
    public const string NotFixableOriginalUsedOtherwise = "OriginalUsedOtherwise";

    /// <summary>SNOOP007 <see cref="NotFixableKey"/>: the previous feature is used other than by the install and <c>Features.Set(previous);</c>.</summary>
    public const string NotFixablePreviousFeatureUsedOtherwise = "PreviousFeatureUsedOtherwise";

    /// <summary>
    /// SNOOP007 <see cref="NotFixableKey"/> of an observing wrapper: no <c>ResponseObserver</c> can be generated from it
    /// (no <c>Write(ReadOnlySpan&lt;byte&gt;)</c> override, write overloads that do different things, kept members that touch
    /// the stream; see <c>StreamObserverShape</c>).
    /// </summary>
    public const string NotFixableNoObserver = "NoObserver";

    /// <summary>SNOOP007 <see cref="KindKey"/>: the wrapper changes the bytes (or may: no fix).</summary>
    public const string KindTransforms = "Transforms";

    /// <summary>SNOOP007: how the wrapper is installed, <see cref="InstallBody"/> or <see cref="InstallFeature"/>.</summary>
    public const string InstallKey = "Install";

    /// <summary>SNOOP007 <see cref="InstallKey"/>: <c>Response.Body = wrapper</c>.</summary>
    public const string InstallBody = "Body";

    /// <summary>SNOOP007 <see cref="InstallKey"/>: <c>Features.Set&lt;IHttpResponseBodyFeature&gt;(new StreamResponseBodyFeature(wrapper))</c>.</summary>
    public const string InstallFeature = "Feature";

    /// <summary>SNOOP007 <see cref="InstallKey"/>: a hand-written body-feature wrapper installed with <c>Features.Set</c>.</summary>
    public const string InstallFeatureWrapper = "FeatureWrapper";

    /// <summary>
    /// SNOOP003, SNOOP004 and SNOOP006: whether the wrapper can derive from the runtime's delegating base (the fixer's second
    /// action): <see cref="True"/>, or why not (a <c>Rebase*</c> value below). Decided by <c>DelegatingBaseShape</c> on the
    /// class as written; for SNOOP003 and SNOOP004, whose fix first prepares the class (generated async overrides, kept
    /// work), a reason is final but <see cref="True"/> is confirmed by the fixer on the prepared class.
    /// </summary>
    public const string RebaseKey = "Rebase";

    /// <summary><see cref="RebaseKey"/>: the class does not derive from <c>Stream</c>/<c>PipeWriter</c> (a feature: from <c>object</c>, implementing the interface itself).</summary>
    public const string RebaseNoExpectedBase = "RebaseNoExpectedBase";

    /// <summary><see cref="RebaseKey"/>: the class is partial (several declarations) or has no base list of its own.</summary>
    public const string RebaseNotSingleDeclaration = "RebaseNotSingleDeclaration";

    /// <summary><see cref="RebaseKey"/>: no primary-constructor parameter, or not every constructor assigns the wrapped instance from a parameter (or one chains to another).</summary>
    public const string RebaseNoInner = "RebaseNoInner";

    /// <summary><see cref="RebaseKey"/>: a member with logic of its own cannot become an override (an explicit implementation, a non-public feature member).</summary>
    public const string RebaseMemberNotKept = "RebaseMemberNotKept";

    /// <summary><see cref="RebaseKey"/>: a kept member does not end in the same member of the wrapped instance (it buffers, adapts or refuses), or the wrapped instance may be null.</summary>
    public const string RebaseInnerUnreachable = "RebaseInnerUnreachable";

    /// <summary><see cref="RebaseKey"/>: the base's other paths would skip a kept member's logic and no router can keep it (a kept <c>Complete</c> without <c>CompleteAsync</c>, a kept <c>Flush</c> without <c>FlushAsync</c>, one array write overload).</summary>
    public const string RebaseNoRouter = "RebaseNoRouter";
}
