using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP006: a <c>PipeWriter</c> wrapper that hides what the wrapped writer can do: it does not forward
/// <c>CanGetUnflushedBytes</c>/<c>UnflushedBytes</c> (System.Text.Json on .NET 9+ throws), lets
/// <c>CompleteAsync</c> fall to the base's blocking <c>Complete</c>, or drops the exception passed to
/// <c>Complete</c>/<c>CompleteAsync</c>.
/// </summary>
/// <remarks>
/// Only classes that themselves use a wrapped <c>PipeWriter</c> are reported: a field or property assigned from a
/// constructor parameter, a primary-constructor parameter, a writer the class creates (<c>PipeWriter.Create(stream)</c>,
/// a <c>Pipe</c>'s <c>Writer</c>) or reads off an object it holds (<c>response.BodyWriter</c>). Test projects are not
/// exempt (unlike SNOOP005): a test double hiding <c>UnflushedBytes</c> breaks System.Text.Json under test too. An explicit <c>CanGetUnflushedBytes</c> override
/// that does not consult the inner writer (<c>=&gt; false</c>) is a deliberate refusal and is not reported.
/// </remarks>
public sealed class PipeWriterWrapperRule : SnoopRule
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        Descriptors.SNOOP006_Formats;

    /// <inheritdoc/>
    internal override void Start(RuleStartContext context)
    {
        var members = PipeWriterMembers.Create(KnownTypes.Create(context.Compilation));
        if (members is null)
        {
            return;
        }

        context.RegisterSymbolStartAction(symbolContext => OnSymbolStart(symbolContext, members), SymbolKind.NamedType);
    }

    private static void OnSymbolStart(SymbolStartAnalysisContext context, PipeWriterMembers members)
    {
        if (context.Symbol is not INamedTypeSymbol { TypeKind: TypeKind.Class } type
            || !KnownTypes.InheritsFromOrEquals(type.BaseType, members.PipeWriter))
        {
            return;
        }

        // A test double over a writer it creates (new Pipe().Writer, PipeWriter.Create(stream)) hides the same capabilities.
        var facts = new WrapperFacts(type, members.PipeWriter, harmlessInnerType: null, acceptsCreatedInner: true);
        context.RegisterOperationBlockAction(facts.AnalyzeBlock);

        // The semantic models of the class's trees, for the fixability fact (translating Complete's body).
        var models = new ConcurrentDictionary<SyntaxTree, SemanticModel>();
        context.RegisterOperationBlockAction(blockContext =>
        {
            foreach (var block in blockContext.OperationBlocks)
            {
                if (block.SemanticModel is { } model)
                {
                    models.TryAdd(model.SyntaxTree, model);
                }
            }
        });
        context.RegisterSymbolEndAction(endContext => OnSymbolEnd(endContext, type, facts, members, models));
    }

    private static void OnSymbolEnd(SymbolAnalysisContext context, INamedTypeSymbol type, WrapperFacts facts, PipeWriterMembers members, ConcurrentDictionary<SyntaxTree, SemanticModel> models)
    {
        if (!facts.UsesInner())
        {
            return;
        }

        var findings = new List<string>(4);
        var unflushedFinding = PipeWriterUnflushedFinding.None;
        ISymbol? reportAt = null;

        // CanGetUnflushedBytes / UnflushedBytes.
        var canGet = SymbolFacts.FindImplementation(type, members.CanGetUnflushedBytes);
        var unflushed = SymbolFacts.FindImplementation(type, members.UnflushedBytes);
        var canGetIsBase = IsDeclaredByPipeWriter(canGet, members);
        var unflushedIsBase = IsDeclaredByPipeWriter(unflushed, members);
        if (canGetIsBase && members.CanGetUnflushedBytes is not null)
        {
            findings.Add(DiagnosticProperties.CanGetUnflushedBytesFinding);
            if (unflushedIsBase)
            {
                findings.Add(DiagnosticProperties.UnflushedBytesFinding);
            }

            unflushedFinding = unflushedIsBase ? PipeWriterUnflushedFinding.NeitherForwarded : PipeWriterUnflushedFinding.CanGetNotForwarded;
        }
        else if (unflushedIsBase
            && SymbolFacts.IsDeclaredIn(canGet, type)
            && facts.FindInnerUse(canGet!.GetMethod, members.CanGetUnflushedBytesArray) is not null)
        {
            findings.Add(DiagnosticProperties.UnflushedBytesFinding);
            unflushedFinding = PipeWriterUnflushedFinding.UnflushedNotForwarded;
        }

        // CompleteAsync falling to the blocking Complete.
        var completeAsyncBlocks = false;
        var complete = SymbolFacts.FindImplementation(type, members.Complete);
        var completeAsync = SymbolFacts.FindImplementation(type, members.CompleteAsync);
        if (SymbolFacts.IsDeclaredIn(complete, type)
            && IsDeclaredByPipeWriter(completeAsync, members)
            && facts.FindInnerUse(complete, members.Completes) is not null)
        {
            findings.Add(DiagnosticProperties.CompleteAsyncFinding);
            completeAsyncBlocks = true;
            reportAt = complete;
        }

        // The exception passed to Complete/CompleteAsync is dropped.
        var completeDrops = SymbolFacts.IsDeclaredIn(complete, type)
            && facts.FindInnerUse(complete, members.Completes, onlyDroppingArgument: true) is not null;
        var completeAsyncDrops = SymbolFacts.IsDeclaredIn(completeAsync, type)
            && facts.FindInnerUse(completeAsync, members.Completes, onlyDroppingArgument: true) is not null;
        string? dropping = null;
        if (completeDrops || completeAsyncDrops)
        {
            reportAt ??= completeDrops ? complete : completeAsync;
            findings.Add(DiagnosticProperties.DropsExceptionFinding);
            dropping = completeDrops && completeAsyncDrops ? "Complete and CompleteAsync" : completeDrops ? "Complete" : "CompleteAsync";
        }

        if (findings.Count == 0)
        {
            return;
        }

        var advance = SymbolFacts.FindImplementation(type, members.Advance);
        var advanceUse = SymbolFacts.IsDeclaredIn(advance, type) ? facts.FindInnerUse(advance, members.Advances) : null;
        var inner = advanceUse ?? facts.FindInner(complete);
        var location = SymbolFacts.GetIdentifierLocation(type, reportAt, context.CancellationToken);
        if (location is null || inner is null)
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties.Add(DiagnosticProperties.InnerKey, inner.Expression);
        properties.Add(DiagnosticProperties.FindingsKey, string.Join(",", findings));
        if (advanceUse is not null)
        {
            properties.Add(DiagnosticProperties.UnflushedForwardableKey, DiagnosticProperties.True);
        }

        if (IsValidMemberPath(inner.Expression)
            && KnownTypes.Create(context.Compilation).ValueTask is not null
            && !GeneratesOverAHidingMember(type, findings)
            && CanFix(findings, advanceUse is not null, complete, completeAsync, reportAt, members, models, context.CancellationToken))
        {
            properties.Add(DiagnosticProperties.FixableKey, DiagnosticProperties.True);
        }
        else
        {
            properties.Add(DiagnosticProperties.NotFixableKey, DiagnosticProperties.NotTranslatable);
        }

        properties.Add(
            DiagnosticProperties.RebaseKey,
            DelegatingBaseShape.Fact(type, DelegatingBaseKind.PipeWriter, members.PipeWriter, context.Compilation, tree => models.TryGetValue(tree, out var model) ? model : null, context.CancellationToken));
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.SNOOP006(unflushedFinding, completeAsyncBlocks, dropping is not null),
            location,
            properties.ToImmutable(),
            dropping is null ? new object[] { type.Name } : new object[] { type.Name, dropping }));
    }

    /// <summary>
    /// The fixability fact, as the fixer plans it: a blocking <c>CompleteAsync</c> is fixable when <c>Complete</c>'s body
    /// translates (<see cref="AsyncBodyTranslator"/>); unflushed findings when <c>Advance</c> forwards; a dropped exception when an inner call that drops it is found in
    /// <c>Complete</c>/<c>CompleteAsync</c> or the generated <c>CompleteAsync</c> passes it on. The overrides must be in
    /// the declaration reported at (the fixer edits that one), and the fix must change something.
    /// </summary>
    private static bool CanFix(List<string> findings, bool unflushedForwardable, IMethodSymbol? complete, IMethodSymbol? completeAsync, ISymbol? reportAt, PipeWriterMembers members, ConcurrentDictionary<SyntaxTree, SemanticModel> models, System.Threading.CancellationToken cancellationToken)
    {
        var reportedIn = reportAt is null ? null : Declaration(reportAt, cancellationToken)?.Parent;
        var completeAsyncGenerated = false;
        var changes = false;
        foreach (var finding in findings)
        {
            if (finding == DiagnosticProperties.CanGetUnflushedBytesFinding || finding == DiagnosticProperties.UnflushedBytesFinding)
            {
                // Forwarded only when the wrapper's Advance forwards (else the inner's count is not the wrapper's).
                changes |= unflushedForwardable;
            }
            else if (finding == DiagnosticProperties.CompleteAsyncFinding)
            {
                var sync = Declaration(complete, cancellationToken);
                if (members.Complete is null || sync is null || sync.Parent != reportedIn || sync.ParameterList.Parameters.Count != 1
                    || !models.TryGetValue(sync.SyntaxTree, out var model))
                {
                    return false;
                }

                var exceptionName = sync.ParameterList.Parameters[0].Identifier.ValueText;
                var translator = new AsyncBodyTranslator(model, members.PipeWriter, members.Complete, "CompleteAsync", reservedName: null, cancellationToken, checkErrors: false);
                if (translator.Translate(sync, arguments => PipeWriterCompletion.PassedException(arguments, exceptionName), out _) is null)
                {
                    return false;
                }

                completeAsyncGenerated = true;
                changes = true;
            }
            else if (finding == DiagnosticProperties.DropsExceptionFinding)
            {
                if (!completeAsyncGenerated
                    && !PassesException(complete, reportedIn, members, models, cancellationToken)
                    && !PassesException(completeAsync, reportedIn, members, models, cancellationToken))
                {
                    return false;
                }

                changes = true;
            }
        }

        return changes;
    }

    /// <summary>A member the fix would generate already has a non-override namesake in the class (it hides the base one).</summary>
    private static bool GeneratesOverAHidingMember(INamedTypeSymbol type, List<string> findings)
    {
        foreach (var finding in findings)
        {
            // The finding names are the names of the members the fix generates (DropsException generates none).
            if (finding != DiagnosticProperties.DropsExceptionFinding && SymbolFacts.DeclaresClashWithOverride(type, finding))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The override has an inner call dropping the exception that the fixer can pass it to.</summary>
    private static bool PassesException(IMethodSymbol? method, SyntaxNode? reportedIn, PipeWriterMembers members, ConcurrentDictionary<SyntaxTree, SemanticModel> models, System.Threading.CancellationToken cancellationToken)
    {
        var declaration = Declaration(method, cancellationToken);
        return declaration is not null
            && declaration.Parent == reportedIn
            && declaration.ParameterList.Parameters.Count == 1
            && models.TryGetValue(declaration.SyntaxTree, out var model)
            && PipeWriterCompletion.DroppingCalls(declaration, model, members.PipeWriter, members.CompleteAsync, cancellationToken).Count > 0;
    }

    private static MethodDeclarationSyntax? Declaration(ISymbol? method, System.Threading.CancellationToken cancellationToken)
        => method is not null && method.DeclaringSyntaxReferences.Length == 1
            ? method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) as MethodDeclarationSyntax
            : null;

    /// <summary><c>_inner</c> or <c>_pipe.Writer</c>: identifiers joined by dots (the fixer parses it back).</summary>
    internal static bool IsValidMemberPath(string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (!SyntaxFacts.IsValidIdentifier(part))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDeclaredByPipeWriter(ISymbol? implementation, PipeWriterMembers members)
        => implementation is not null && SymbolEqualityComparer.Default.Equals(implementation.ContainingType?.OriginalDefinition, members.PipeWriter);
}
