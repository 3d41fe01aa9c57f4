using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers;
using Snoop.Analyzers.Rules;
using Snoop.Analyzers.Shared;

namespace Snoop.CodeFixes.Rules;

/// <summary>
/// SNOOP008 fix: the replacement of the response's content disappears (with the new content's local, its header set-up and
/// the copy that only fed it), and <c>await response.Content.LoadIntoBufferAsync()</c> runs before the first read, so the
/// original content, with all its headers, stays readable by the caller.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ResponseContentReplacedCodeFix))]
[Shared]
public sealed class ResponseContentReplacedCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = "SNOOP008:LoadIntoBuffer";

    private const string LoadIntoBufferAsync = "LoadIntoBufferAsync";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ResponseContentReplaced);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => SwapFixAll.Create(
        d => SwapFixAll.HasProperty(d, DiagnosticProperties.FixableKey, DiagnosticProperties.True),
        FindAssignment,
        (document, node, ct) => node is AssignmentExpressionSyntax assignment ? TryFixAsync(document, assignment, ct) : Task.FromResult<Document?>(null));

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!SwapFixAll.HasProperty(diagnostic, DiagnosticProperties.FixableKey, DiagnosticProperties.True)
                || FindAssignment(root, diagnostic) is not AssignmentExpressionSyntax assignment)
            {
                continue;
            }

            // Offered from the analyzer's fact (Fixable: the replacement has no ContentFixBlocker) and the compile-error
            // precondition; the rewrite is planned once, when the action is applied, and hands back the document unchanged
            // on a shape the analyzer did not foresee.
            if (CompileErrors.BlockRewriteFrom(semanticModel, RewriteStart(assignment), assignment, [], context.CancellationToken))
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Buffer the original content with LoadIntoBufferAsync instead of replacing it",
                    async cancellationToken => await TryFixAsync(document, assignment, cancellationToken).ConfigureAwait(false) ?? document,
                    EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>
    /// Where the rewrite may start at the earliest: the first statement of the function holding the replacement (the load
    /// goes before the first read of the content, which may be anywhere before it). The compile-error precondition is read
    /// from there, without planning the rewrite.
    /// </summary>
    private static SyntaxNode RewriteStart(AssignmentExpressionSyntax assignment)
    {
        var body = assignment.Ancestors().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax) switch
        {
            BaseMethodDeclarationSyntax method => method.Body,
            AnonymousFunctionExpressionSyntax lambda => lambda.Block,
            LocalFunctionStatementSyntax local => local.Body,
            AccessorDeclarationSyntax accessor => accessor.Body,
            _ => null,
        };
        return body is { Statements.Count: > 0 } ? body.Statements[0] : assignment;
    }

    private static SyntaxNode? FindAssignment(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node.AncestorsAndSelf().OfType<AssignmentExpressionSyntax>().FirstOrDefault();
    }

    /// <summary>Re-runs the analysis on the current document and rewrites the function; null when the fix does not apply.</summary>
    internal static async Task<Document?> TryFixAsync(Document document, AssignmentExpressionSyntax assignmentSyntax, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || model.GetOperation(assignmentSyntax, cancellationToken) is not ISimpleAssignmentOperation assignment)
        {
            return null;
        }

        var types = KnownTypes.Create(model.Compilation);
        if (ResponseContentReplacement.Create(assignment, types, cancellationToken) is not { Blocker: ContentFixBlocker.None } replacement
            || CompileErrors.BlockRewriteFrom(model, replacement.Reads.Count > 0 && replacement.Reads[0].Syntax.SpanStart < assignmentSyntax.SpanStart ? replacement.Reads[0].Syntax : assignmentSyntax, assignmentSyntax, [], cancellationToken)
            || assignmentSyntax.Parent is not ExpressionStatementSyntax { Parent: BlockSyntax } replacementStatement)
        {
            return null;
        }

        var removed = new HashSet<StatementSyntax> { replacementStatement };
        if (!AddNewContentLocal(replacement, model, removed, cancellationToken))
        {
            return null;
        }

        AddUnneededCopies(replacement, model, removed, cancellationToken);

        // A read left through ReadAsStream(Async) would hand the caller the same, consumed stream.
        foreach (var read in replacement.Reads)
        {
            if (ResponseContentReplacement.IsStreamRead(read) && !IsInside(read.Syntax, removed))
            {
                return null;
            }
        }

        if (FindAnchor(replacement.Reads[0].Syntax, replacementStatement, replacement.Scope.Syntax) is not { } anchor)
        {
            return null;
        }

        var tracked = root.TrackNodes(removed.Cast<SyntaxNode>().Append(anchor).Distinct());
        if (!AlreadyBuffered(replacement))
        {
            var load = BuildLoad(replacement, types, assignmentSyntax.Left, anchor);
            tracked = tracked.InsertNodesBefore(tracked.GetCurrentNode(anchor)!, new[] { load });
        }

        var current = removed.Select(s => tracked.GetCurrentNode(s)).Where(s => s is not null).Cast<SyntaxNode>().ToList();
        var newRoot = tracked.RemoveNodes(current, SyntaxRemoveOptions.KeepUnbalancedDirectives);
        if (newRoot is null)
        {
            return null;
        }

        return await FixFormatting.FormatAsync(document.WithSyntaxRoot(newRoot), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>var replacement = new StringContent(...); replacement.Headers... ; response.Content = replacement;</c>: the local's
    /// declaration and header set-up go with the replacement. False when the local is used for anything else.
    /// </summary>
    private static bool AddNewContentLocal(ResponseContentReplacement replacement, SemanticModel model, HashSet<StatementSyntax> removed, CancellationToken cancellationToken)
    {
        if (replacement.NewContentLocal is not { } local)
        {
            return true;
        }

        if (DeclarationStatement(local, replacement.Scope.Syntax, cancellationToken) is not { } declaration)
        {
            return false;
        }

        var statements = new List<StatementSyntax> { declaration };
        foreach (var reference in References(replacement, local))
        {
            var statement = reference.Syntax.FirstAncestorOrSelf<StatementSyntax>();
            if (statement is null)
            {
                return false;
            }

            if (removed.Contains(statement) || statement == declaration)
            {
                continue;
            }

            // replacement.Headers.ContentType = ...; replacement.Headers.Add(...);
            if (reference.Parent is IPropertyReferenceOperation { Property.Name: "Headers" } && statement is ExpressionStatementSyntax { Parent: BlockSyntax }
                && IsSideEffectFree(model.GetOperation(statement, cancellationToken), replacement, allowHeaderWrites: true))
            {
                statements.Add(statement);
                continue;
            }

            return false;
        }

        removed.UnionWith(statements);
        return true;
    }

    /// <summary>
    /// Locals that only carried the body into the new content (<c>var bytes = await ...ReadAsByteArrayAsync()</c>, a
    /// <c>MemoryStream</c> copied into and rewound) disappear with it. A local still read by the remaining code stays.
    /// </summary>
    private static void AddUnneededCopies(ResponseContentReplacement replacement, SemanticModel model, HashSet<StatementSyntax> removed, CancellationToken cancellationToken)
    {
        var decided = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        if (replacement.NewContentLocal is { } newContent)
        {
            decided.Add(newContent);
        }

        for (var round = 0; round < 8; round++)
        {
            var changed = false;
            foreach (var local in LocalsIn(replacement, removed))
            {
                if (decided.Contains(local) || DeclarationStatement(local, replacement.Scope.Syntax, cancellationToken) is not LocalDeclarationStatementSyntax declaration)
                {
                    continue;
                }

                var declarator = declaration.Declaration.Variables[0];
                var initializer = declarator.Initializer is { } init ? model.GetOperation(init.Value, cancellationToken) : null;
                if (initializer is not null && !IsSideEffectFree(initializer, replacement, allowHeaderWrites: false))
                {
                    decided.Add(local);
                    continue;
                }

                var copies = new List<StatementSyntax>();
                var removable = true;
                foreach (var reference in References(replacement, local))
                {
                    var statement = reference.Syntax.FirstAncestorOrSelf<StatementSyntax>();
                    if (statement is null || removed.Contains(statement) || statement == declaration)
                    {
                        continue;
                    }

                    if (statement is ExpressionStatementSyntax { Parent: BlockSyntax } && IsCopyStatement(model.GetOperation(statement, cancellationToken), local, replacement))
                    {
                        copies.Add(statement);
                        continue;
                    }

                    removable = false;
                    break;
                }

                decided.Add(local);
                if (removable)
                {
                    removed.Add(declaration);
                    removed.UnionWith(copies);
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }
    }

    /// <summary><c>ms.Position = 0;</c>, <c>ms.Seek(0, SeekOrigin.Begin);</c>, <c>await source.CopyToAsync(ms);</c>, <c>ms.Write(bytes);</c>, <c>ms.Flush();</c>.</summary>
    private static bool IsCopyStatement(IOperation? statement, ILocalSymbol local, ResponseContentReplacement replacement)
    {
        var op = statement is IExpressionStatementOperation expression ? OperationFacts.Unwrap(expression.Operation) : null;
        if (op is IAwaitOperation awaited)
        {
            op = OperationFacts.Unwrap(awaited.Operation);
        }

        if (op is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
        {
            op = OperationFacts.Unwrap(configured);
        }

        switch (op)
        {
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Position", Instance: { } instance }, Value: { } value }:
                return OperationFacts.IsLocal(instance, local) && value.ConstantValue.HasValue;
            case IInvocationOperation invocation when invocation.TargetMethod.Name is "Seek" or "Flush" or "FlushAsync" or "Write" or "WriteAsync":
                return OperationFacts.IsLocal(invocation.Instance, local) && IsSideEffectFree(invocation, replacement, allowHeaderWrites: false, allowed: invocation);
            case IInvocationOperation invocation when invocation.TargetMethod.Name is "CopyTo" or "CopyToAsync":
                return invocation.Arguments.Any(a => OperationFacts.IsLocal(a.Value, local)) && IsSideEffectFree(invocation, replacement, allowHeaderWrites: false, allowed: invocation);
            default:
                return false;
        }
    }

    /// <summary>
    /// Nothing in <paramref name="op"/> does anything the caller could observe beyond reading the body: reads of the original
    /// content, stream and reader construction, text/byte conversions. Header writes on the new content when allowed.
    /// </summary>
    private static bool IsSideEffectFree(IOperation? op, ResponseContentReplacement replacement, bool allowHeaderWrites, IOperation? allowed = null)
    {
        if (op is null)
        {
            return false;
        }

        foreach (var node in op.DescendantsAndSelf())
        {
            switch (node)
            {
                case IInvocationOperation invocation when invocation == allowed:
                    continue;
                case IInvocationOperation invocation:
                    var name = invocation.TargetMethod.Name;
                    if (replacement.IsRead(invocation) != ContentFlow.None
                        || name is "ConfigureAwait" or "GetAwaiter" or "GetResult" or "GetBytes" or "GetString" or "ToArray"
                        || (allowHeaderWrites && name is "Add" or "TryAddWithoutValidation" or "Remove" or "Clear"))
                    {
                        continue;
                    }

                    return false;
                case IObjectCreationOperation creation when creation.Type is { } type && (IsStreamLike(type) || allowHeaderWrites):
                    continue;
                case IObjectCreationOperation or IIncrementOrDecrementOperation or ICompoundAssignmentOperation or IDelegateCreationOperation:
                    return false;
                case ISimpleAssignmentOperation when !allowHeaderWrites:
                    return false;
            }
        }

        return true;
    }

    private static bool IsStreamLike(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name is "Stream" or "TextReader" && current.ContainingNamespace is { Name: "IO" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The statement before which the buffering goes: it holds the first read and is in a block that holds the replacement.</summary>
    private static StatementSyntax? FindAnchor(SyntaxNode firstRead, StatementSyntax replacementStatement, SyntaxNode scope)
    {
        foreach (var statement in firstRead.AncestorsAndSelf().OfType<StatementSyntax>())
        {
            if (!scope.Span.Contains(statement.Span))
            {
                return null;
            }

            if (statement.Parent is BlockSyntax block && block.Span.Contains(replacementStatement.Span))
            {
                return statement;
            }
        }

        return null;
    }

    /// <summary>The handler already calls <c>LoadIntoBufferAsync</c> on the content before its first read.</summary>
    private static bool AlreadyBuffered(ResponseContentReplacement replacement)
    {
        var firstRead = replacement.Reads[0].Syntax.SpanStart;
        foreach (var op in replacement.Operations)
        {
            if (op.Syntax.SpanStart >= firstRead)
            {
                break;
            }

            if (op is IInvocationOperation { TargetMethod.Name: LoadIntoBufferAsync, Instance: { } instance } && replacement.IsOriginalContent(instance))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);</c> as the code around it writes awaits.</summary>
    private static StatementSyntax BuildLoad(ResponseContentReplacement replacement, KnownTypes types, ExpressionSyntax content, StatementSyntax anchor)
    {
        var token = HasTokenOverload(types) ? FindToken(replacement) : null;
        var call = $"{content.WithoutTrivia()}.{LoadIntoBufferAsync}({token})";
        if (UsesConfigureAwaitFalse(replacement))
        {
            call += ".ConfigureAwait(false)";
        }

        var indentation = anchor.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
        var endOfLine = anchor.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var statement = SyntaxFactory.ParseStatement($"await {call};")
            .WithLeadingTrivia(indentation)
            .WithTrailingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? SyntaxFactory.TriviaList(endOfLine) : SyntaxFactory.TriviaList(SyntaxFactory.ElasticCarriageReturnLineFeed));
        return statement.WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary><c>HttpContent.LoadIntoBufferAsync(CancellationToken)</c> exists from .NET 9 on; .NET 8 has only the parameterless overload.</summary>
    private static bool HasTokenOverload(KnownTypes types)
    {
        if (types.HttpContent is null || types.CancellationToken is null)
        {
            return false;
        }

        foreach (var member in types.HttpContent.GetMembers(LoadIntoBufferAsync))
        {
            if (member is IMethodSymbol { DeclaredAccessibility: Accessibility.Public, Parameters.Length: 1 } method
                && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, types.CancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The handler's <c>CancellationToken</c> parameter: of the innermost function around the replacement that has one.</summary>
    private static string? FindToken(ResponseContentReplacement replacement)
    {
        var symbol = replacement.Assignment.SemanticModel?.GetEnclosingSymbol(replacement.Assignment.Syntax.SpanStart);
        for (; symbol is IMethodSymbol method; symbol = method.ContainingSymbol)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type is { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } })
                {
                    return parameter.Name;
                }
            }
        }

        return null;
    }

    private static bool UsesConfigureAwaitFalse(ResponseContentReplacement replacement)
    {
        foreach (var op in replacement.Operations)
        {
            if (op is IAwaitOperation { Operation: IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Arguments.Length: 1 } configure }
                && configure.Arguments[0].Value.ConstantValue is { HasValue: true, Value: false })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInside(SyntaxNode node, HashSet<StatementSyntax> statements)
    {
        foreach (var statement in statements)
        {
            if (statement.Span.Contains(node.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A local's declaration statement in the function: a <c>var x = ...;</c> (or <c>using var</c>) that declares only it, directly in a block.</summary>
    private static LocalDeclarationStatementSyntax? DeclarationStatement(ILocalSymbol local, SyntaxNode scope, CancellationToken cancellationToken)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { Parent: BlockSyntax } statement } }
                && scope.Span.Contains(statement.Span))
            {
                return statement;
            }
        }

        return null;
    }

    /// <summary>Every reference to <paramref name="local"/> in the function, nested lambdas included.</summary>
    private static IEnumerable<ILocalReferenceOperation> References(ResponseContentReplacement replacement, ILocalSymbol local)
    {
        foreach (var op in FunctionScope.EnumerateAll(replacement.Scope))
        {
            if (op is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                yield return reference;
            }
        }
    }

    /// <summary>Locals referenced inside the statements to be removed.</summary>
    private static List<ILocalSymbol> LocalsIn(ResponseContentReplacement replacement, HashSet<StatementSyntax> removed)
    {
        var locals = new List<ILocalSymbol>();
        foreach (var op in replacement.Operations)
        {
            if (op is ILocalReferenceOperation reference && IsInside(op.Syntax, removed) && !locals.Contains(reference.Local, SymbolEqualityComparer.Default))
            {
                locals.Add(reference.Local);
            }
        }

        return locals;
    }
}
