using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP008's analysis of one <c>response.Content = new XxxContent(...)</c>: the new content is built from reading that
/// same response's content and the content headers are not carried over. Computed by the analyzer (to report, and to decide
/// whether a fix applies) and again by the fixer (for the nodes it rewrites).
/// </summary>
internal sealed partial class ResponseContentReplacement
{
    private const int MaxDepth = 16;

    private readonly KnownTypes _types;
    private readonly List<IOperation> _operations = new();
    private readonly HashSet<ILocalSymbol> _contentAliases = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _headerAliases = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, ContentFlow> _localFlows = new(SymbolEqualityComparer.Default);
    private readonly List<IInvocationOperation> _reads = new();

    private ResponseContentReplacement(ISimpleAssignmentOperation assignment, IPropertyReferenceOperation target, IOperation scope, KnownTypes types)
    {
        Assignment = assignment;
        Target = target;
        Scope = scope;
        _types = types;
    }

    /// <summary>The assignment <c>response.Content = ...</c>.</summary>
    public ISimpleAssignmentOperation Assignment { get; }

    /// <summary>The <c>response.Content</c> being assigned.</summary>
    public IPropertyReferenceOperation Target { get; }

    /// <summary>The function the assignment lives in: the root of an operation block, a lambda or a local function.</summary>
    public IOperation Scope { get; }

    /// <summary>The new content's construction.</summary>
    public IObjectCreationOperation NewContent { get; private set; } = null!;

    /// <summary>The local the new content is kept in before it is assigned, when there is one.</summary>
    public ILocalSymbol? NewContentLocal { get; private set; }

    /// <summary>How the new content's bytes relate to the original's.</summary>
    public ContentFlow Flow { get; private set; }

    /// <summary>Why no fix is offered, or <see cref="ContentFixBlocker.None"/>.</summary>
    public ContentFixBlocker Blocker { get; private set; }

    /// <summary>Reads of the original content up to the assignment, in source order.</summary>
    public IReadOnlyList<IInvocationOperation> Reads => _reads;

    /// <summary>The function's own operations, in source order.</summary>
    public IReadOnlyList<IOperation> Operations => _operations;

    /// <summary>Recognizes <paramref name="assignment"/> as a header-losing replacement of a response's content; null otherwise.</summary>
    public static ResponseContentReplacement? Create(ISimpleAssignmentOperation assignment, KnownTypes types, CancellationToken cancellationToken)
    {
        if (assignment.Target is not IPropertyReferenceOperation { Property.Name: "Content", Instance: { } instance } target
            || !KnownTypes.InheritsFromOrEquals(target.Property.ContainingType, types.HttpResponseMessage)
            || instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            // An object initializer builds a new response (a test stub, a cache hit): there is no earlier content to lose.
            return null;
        }

        var replacement = new ResponseContentReplacement(assignment, target, FunctionScope.GetScope(assignment), types);
        return !replacement.ResponseBuiltHere() && replacement.Analyze(cancellationToken) ? replacement : null;
    }

    /// <summary>
    /// <c>var response = new HttpResponseMessage(...)</c> in the same function (a fake handler, a test): the content it reads
    /// back was put there by the same code, so there are no server headers to lose.
    /// </summary>
    private bool ResponseBuiltHere()
    {
        if (OperationFacts.Unwrap(Target.Instance) is not ILocalReferenceOperation { Local: var response })
        {
            return false;
        }

        foreach (var op in FunctionScope.EnumerateOwn(Scope))
        {
            if (OperationFacts.TryGetLocalStore(op, out var local, out var value)
                && SymbolEqualityComparer.Default.Equals(local, response)
                && value is IObjectCreationOperation creation
                && KnownTypes.InheritsFromOrEquals(creation.Type, _types.HttpResponseMessage))
            {
                return true;
            }
        }

        return false;
    }

    private bool Analyze(CancellationToken cancellationToken)
    {
        if (!FindNewContent())
        {
            return false;
        }

        foreach (var op in FunctionScope.EnumerateOwn(Scope))
        {
            _operations.Add(op);
        }

        cancellationToken.ThrowIfCancellationRequested();
        CollectAliases();

        var end = Assignment.Syntax.Span.End;
        foreach (var op in _operations)
        {
            if (op is IInvocationOperation invocation && op.Syntax.SpanStart < end && IsRead(invocation) != ContentFlow.None)
            {
                _reads.Add(invocation);
            }
        }

        if (_reads.Count == 0 || ResponseReassignedAfterFirstRead())
        {
            return false;
        }

        var flow = ContentFlow.None;
        foreach (var argument in NewContent.Arguments)
        {
            flow = Max(flow, Classify(argument.Value, 0));
        }

        Flow = flow;
        if (flow == ContentFlow.None)
        {
            return false;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (CarriesHeaders())
        {
            return false;
        }

        Blocker = flow == ContentFlow.Transformed ? ContentFixBlocker.Transformed
            : !IsAsyncFunction() ? ContentFixBlocker.NotAsync
            : KeepsReadingAStream() ? ContentFixBlocker.StreamRead
            : Assignment.Syntax.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax } ? ContentFixBlocker.NotInABlock
            : NewContentUsedOtherwise() ? ContentFixBlocker.NewContentUsedOtherwise
            : ContentFixBlocker.None;
        return true;
    }

    /// <summary>
    /// <c>response = await base.SendAsync(...)</c> again between the first read and the replacement (a retry loop): the
    /// content read may belong to an earlier response than the one whose content is replaced.
    /// </summary>
    private bool ResponseReassignedAfterFirstRead()
    {
        if (OperationFacts.Unwrap(Target.Instance) is not ILocalReferenceOperation { Local: var response })
        {
            return false;
        }

        var first = _reads[0].Syntax.SpanStart;
        var end = Assignment.Syntax.SpanStart;
        foreach (var op in _operations)
        {
            if (op.Syntax.SpanStart > first && op.Syntax.SpanStart < end
                && op is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Local, response))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The assigned value: a framework content type built right there, or kept in a local assigned once before.</summary>
    private bool FindNewContent()
    {
        var value = OperationFacts.Unwrap(Assignment.Value);
        if (value is ILocalReferenceOperation local)
        {
            IObjectCreationOperation? single = null;
            var stores = 0;
            foreach (var op in FunctionScope.EnumerateOwn(Scope))
            {
                if (OperationFacts.TryGetLocalStore(op, out var stored, out var storedValue) && SymbolEqualityComparer.Default.Equals(stored, local.Local))
                {
                    stores++;
                    single = storedValue as IObjectCreationOperation;
                }
            }

            if (stores != 1 || single is null)
            {
                return false;
            }

            NewContentLocal = local.Local;
            value = single;
        }

        if (value is not IObjectCreationOperation { Type: INamedTypeSymbol type } creation
            || !KnownTypes.InheritsFromOrEquals(type, _types.HttpContent)
            || !IsFrameworkContentType(type))
        {
            // A content type of the application's own may copy the headers in its constructor (a logging wrapper): not ours to judge.
            return false;
        }

        NewContent = creation;
        return true;
    }

    /// <summary>A content type of System.Net.Http or System.Net.Http.Json: it starts with no headers but those its constructor sets.</summary>
    private static bool IsFrameworkContentType(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        if (ns is { Name: "Json" })
        {
            ns = ns.ContainingNamespace;
        }

        return ns is { Name: "Http", ContainingNamespace: { Name: "Net", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
    }
}
