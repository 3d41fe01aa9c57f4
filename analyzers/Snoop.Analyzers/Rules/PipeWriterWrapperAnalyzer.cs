using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
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
/// Only classes that themselves use a wrapped <c>PipeWriter</c> (a field or property assigned from a constructor
/// parameter, or a primary-constructor parameter) are reported. An explicit <c>CanGetUnflushedBytes</c> override
/// that does not consult the inner writer (<c>=&gt; false</c>) is a deliberate refusal and is not reported.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PipeWriterWrapperAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        Descriptors.SNOOP006_Formats;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext context)
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

        var facts = new WrapperFacts(type, members.PipeWriter, harmlessInnerType: null);
        context.RegisterOperationBlockAction(facts.AnalyzeBlock);
        context.RegisterSymbolEndAction(endContext => OnSymbolEnd(endContext, type, facts, members));
    }

    private static void OnSymbolEnd(SymbolAnalysisContext context, INamedTypeSymbol type, WrapperFacts facts, PipeWriterMembers members)
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
        var inner = advanceUse?.Receiver ?? facts.FindInner(complete);
        var location = SymbolFacts.GetIdentifierLocation(type, reportAt, context.CancellationToken);
        if (location is null || inner is null)
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties.Add(DiagnosticProperties.InnerKey, inner.Name);
        properties.Add(DiagnosticProperties.FindingsKey, string.Join(",", findings));
        if (advanceUse is not null)
        {
            properties.Add(DiagnosticProperties.UnflushedForwardableKey, DiagnosticProperties.True);
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.SNOOP006(unflushedFinding, completeAsyncBlocks, dropping is not null),
            location,
            properties.ToImmutable(),
            dropping is null ? new object[] { type.Name } : new object[] { type.Name, dropping }));
    }

    private static bool IsDeclaredByPipeWriter(ISymbol? implementation, PipeWriterMembers members)
        => implementation is not null && SymbolEqualityComparer.Default.Equals(implementation.ContainingType?.OriginalDefinition, members.PipeWriter);
}
