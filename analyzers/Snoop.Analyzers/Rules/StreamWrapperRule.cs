using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP003: a <c>Stream</c> wrapper whose async entry points fall to <c>System.IO.Stream</c>'s base
/// implementations, which end in the wrapper's synchronous <c>Write</c>/<c>Flush</c> and so in a blocking call on
/// the inner stream; and a class deriving from a concrete stream whose override of one write overload is
/// bypassed by an inherited one.
/// </summary>
/// <remarks>
/// How <c>System.IO.Stream</c> routes (what makes a member "fall to" the sync path):
/// <c>WriteAsync(ReadOnlyMemory)</c> calls <c>WriteAsync(byte[], ...)</c>; <c>WriteAsync(byte[], ...)</c> calls
/// <c>BeginWrite</c>/<c>EndWrite</c> when they are overridden, else <c>Write(byte[], ...)</c> on a pool thread;
/// <c>FlushAsync</c> calls <c>Flush</c> on a pool thread. So overriding <c>WriteAsync(byte[], ...)</c> async-correctly
/// covers the memory overload too (ASP.NET Core's <c>ResponseCompressionBody</c> shape).
/// Abstract classes are analyzed like any other: the bug, and the fix, live where the sync forwarding is declared.
/// <c>BeginWrite</c> runs the sync <c>Write</c> on a pool thread even when <c>WriteAsync</c> is overridden, so a
/// wrapper that overrides every async write but not <c>BeginWrite</c>/<c>EndWrite</c> is reported too (unless its
/// <c>CanWrite</c> is the constant <c>false</c>: the base then throws before writing); and <c>DisposeAsync</c> calls
/// <c>Dispose()</c>, so a <c>Dispose(bool)</c> or <c>Close</c> the class declares that disposes, closes, flushes or
/// writes the inner stream synchronously is reported (<c>Stream</c>'s own <c>Dispose(bool)</c> does nothing).
/// A class is reported only for members it declares itself, so classes deriving from a reported base are not
/// reported again.
/// </remarks>
public sealed class StreamWrapperRule : SnoopRule
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(
            Descriptors.SNOOP003_WriteBlocks,
            Descriptors.SNOOP003_FlushBlocks,
            Descriptors.SNOOP003_WriteAndFlushBlock,
            Descriptors.SNOOP003_WriteBlocksAndDisposes,
            Descriptors.SNOOP003_FlushBlocksAndDisposes,
            Descriptors.SNOOP003_WriteAndFlushBlockAndDisposes,
            Descriptors.SNOOP003_OverloadBypassesOverride,
            Descriptors.SNOOP003_OverloadsBypassOverride);

    /// <inheritdoc/>
    internal override void Start(RuleStartContext context)
    {
        var known = KnownTypes.Create(context.Compilation);
        var members = StreamMembers.Create(known);
        if (members is null)
        {
            return;
        }

        context.RegisterSymbolStartAction(symbolContext => OnSymbolStart(symbolContext, members), SymbolKind.NamedType);
    }

    private static void OnSymbolStart(SymbolStartAnalysisContext context, StreamMembers members)
    {
        if (context.Symbol is not INamedTypeSymbol { TypeKind: TypeKind.Class } type
            || !KnownTypes.InheritsFromOrEquals(type.BaseType, members.Stream))
        {
            return;
        }

        // _inner?.Dispose() in Dispose(bool) is as synchronous as _inner.Dispose().
        var facts = new WrapperFacts(type, members.Stream, members.MemoryStream, followsConditionalAccess: true);
        context.RegisterOperationBlockAction(facts.AnalyzeBlock);

        // The semantic models of the class's trees, for the fixability fact (translating the sync bodies).
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

    private static void OnSymbolEnd(SymbolAnalysisContext context, INamedTypeSymbol type, WrapperFacts facts, StreamMembers members, ConcurrentDictionary<SyntaxTree, SemanticModel> models)
    {
        if (!ReportBlockingAsync(context, type, facts, members, models))
        {
            ReportBypass(context, type, members);
        }
    }

    private static bool ReportBlockingAsync(SymbolAnalysisContext context, INamedTypeSymbol type, WrapperFacts facts, StreamMembers members, ConcurrentDictionary<SyntaxTree, SemanticModel> models)
    {
        var codes = new List<string>(4);
        ISymbol? reportAt = null;

        // Write: WriteAsync(byte[], ...) falls to BeginWrite's base when neither is overridden; Stream.BeginWrite runs
        // the sync Write on a pool thread whether or not WriteAsync is overridden (after checking CanWrite).
        var writeFinding = Snoop003Write.None;
        var write = SymbolFacts.FindImplementation(type, members.WriteArray);
        if (SymbolFacts.IsDeclaredIn(write, type)
            && IsStreamBase(SymbolFacts.FindImplementation(type, members.BeginWrite), members)
            && facts.FindInnerUse(write, members.SyncWrites) is not null
            && !RefusesWrites(type, members, context.CancellationToken))
        {
            if (IsStreamBase(SymbolFacts.FindImplementation(type, members.WriteAsyncArray), members))
            {
                writeFinding = Snoop003Write.WriteAsync;
                codes.Add(DiagnosticProperties.WriteAsyncMember);
            }
            else
            {
                writeFinding = Snoop003Write.BeginWriteOnly;
            }

            codes.Add(DiagnosticProperties.BeginWriteMember);
            reportAt = write;
        }

        var flushBlocks = false;
        var flush = SymbolFacts.FindImplementation(type, members.Flush);
        if (SymbolFacts.IsDeclaredIn(flush, type)
            && IsStreamBase(SymbolFacts.FindImplementation(type, members.FlushAsync), members)
            && facts.FindInnerUse(flush, members.SyncFlushes) is not null)
        {
            codes.Add(DiagnosticProperties.FlushAsyncMember);
            flushBlocks = true;
            reportAt ??= flush;
        }

        // DisposeAsync: Stream's base calls Dispose() → Close() → Dispose(true); Stream's own Dispose(bool) does nothing,
        // so only a Dispose(bool) or Close the class declares can reach the inner stream.
        var disposeBlocks = false;
        var dispose = SymbolFacts.FindImplementation(type, members.DisposeBool);
        if (IsStreamBase(SymbolFacts.FindImplementation(type, members.DisposeAsync), members))
        {
            var close = SymbolFacts.FindImplementation(type, members.Close);
            var disposing = SymbolFacts.IsDeclaredIn(dispose, type) && facts.FindInnerUse(dispose, members.SyncDisposalWork) is not null ? dispose
                : SymbolFacts.IsDeclaredIn(close, type) && facts.FindInnerUse(close, members.SyncDisposalWork) is not null ? close
                : null;
            if (disposing is not null)
            {
                codes.Add(DiagnosticProperties.DisposeAsyncMember);
                disposeBlocks = true;
                reportAt ??= disposing;
            }
        }

        if (codes.Count == 0)
        {
            return false;
        }

        var location = SymbolFacts.GetIdentifierLocation(type, reportAt, context.CancellationToken);
        if (location is null)
        {
            return false;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties.Add(DiagnosticProperties.KindKey, DiagnosticProperties.KindAsync);
        properties.Add(DiagnosticProperties.MembersKey, string.Join(",", codes));
        if (CanTranslate(type, write, flush, dispose, codes, reportAt!, members, models, context.Compilation, context.CancellationToken))
        {
            properties.Add(DiagnosticProperties.FixableKey, DiagnosticProperties.True);

            // The re-base (offered with the fix) first adds the same async overrides, which is what the routers of the
            // array writes need: a missing router is not final here, the fixer confirms on the prepared class.
            var rebase = DelegatingBaseShape.Fact(type, DelegatingBaseKind.Stream, members.Stream, context.Compilation, tree => models.TryGetValue(tree, out var model) ? model : null, context.CancellationToken);
            properties.Add(DiagnosticProperties.RebaseKey, rebase == DiagnosticProperties.RebaseNoRouter ? DiagnosticProperties.True : rebase);
        }
        else
        {
            properties.Add(DiagnosticProperties.NotFixableKey, DiagnosticProperties.NotTranslatable);
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.SNOOP003(writeFinding, flushBlocks, disposeBlocks),
            location,
            properties.ToImmutable(),
            type.Name));
        return true;
    }

    /// <summary>
    /// <c>CanWrite</c> returns the constant <c>false</c> (a read-only wrapper): <c>Stream</c>'s <c>BeginWrite</c> and
    /// <c>WriteAsync</c> then throw <c>NotSupportedException</c> before they reach <c>Write</c>.
    /// </summary>
    private static bool RefusesWrites(INamedTypeSymbol type, StreamMembers members, System.Threading.CancellationToken cancellationToken)
    {
        var getter = SymbolFacts.FindImplementation(type, members.CanWrite)?.GetMethod;
        if (getter is null || getter.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        var expression = getter.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) switch
        {
            ArrowExpressionClauseSyntax arrow => arrow.Expression,
            AccessorDeclarationSyntax { ExpressionBody: { } body } => body.Expression,
            AccessorDeclarationSyntax { Body.Statements: { Count: 1 } statements } when statements[0] is ReturnStatementSyntax { Expression: { } returned } => returned,
            _ => null,
        };
        return expression is LiteralExpressionSyntax literal && literal.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.FalseLiteralExpression);
    }

    private static void ReportBypass(SymbolAnalysisContext context, INamedTypeSymbol type, StreamMembers members)
    {
        var concreteBase = FindConcreteBase(type, members);
        if (concreteBase is null)
        {
            return;
        }

        List<string>? overridden = null;
        List<string>? bypassed = null;
        ISymbol? firstOverride = null;
        for (var i = 0; i < members.WriteEntryPoints.Length; i++)
        {
            var implementation = SymbolFacts.FindImplementation(type, members.WriteEntryPoints[i]);
            if (implementation is null)
            {
                continue;
            }

            if (SymbolFacts.IsDeclaredIn(implementation, type))
            {
                (overridden ??= new List<string>()).Add(members.WriteEntryPointNames[i]);
                firstOverride ??= implementation;
            }
            else if (IsDeclaredByConcreteBase(implementation, concreteBase, members))
            {
                (bypassed ??= new List<string>()).Add(members.WriteEntryPointNames[i]);
            }
        }

        if (overridden is null || bypassed is null)
        {
            return;
        }

        var location = SymbolFacts.GetIdentifierLocation(type, firstOverride, context.CancellationToken);
        if (location is null)
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties.Add(DiagnosticProperties.KindKey, DiagnosticProperties.KindBypass);
        properties.Add(DiagnosticProperties.NotFixableKey, DiagnosticProperties.KindBypass);
        context.ReportDiagnostic(Diagnostic.Create(
            bypassed.Count == 1 ? Descriptors.SNOOP003_OverloadBypassesOverride : Descriptors.SNOOP003_OverloadsBypassOverride,
            location,
            properties.ToImmutable(),
            type.Name,
            MessageArguments.JoinNames(bypassed),
            concreteBase.Name,
            MessageArguments.JoinNames(overridden)));
    }

    /// <summary>
    /// The fixability fact: every missing write/flush member can be generated from its sync override, which is in the
    /// declaration reported at and whose body the fixer's <see cref="AsyncBodyTranslator"/> translates. <c>BeginWrite</c>
    /// (which needs <c>TaskToAsyncResult</c>, .NET 8+) and <c>DisposeAsync</c> (when <see cref="StreamDisposeAsyncShape"/>
    /// allows) are generated when they can be and never block the fix of the others: the class is then reported again
    /// for what is left, without a fix. The fix must generate something.
    /// </summary>
    private static bool CanTranslate(INamedTypeSymbol type, IMethodSymbol? write, IMethodSymbol? flush, IMethodSymbol? dispose, List<string> codes, ISymbol reportAt, StreamMembers members, ConcurrentDictionary<SyntaxTree, SemanticModel> models, Compilation compilation, System.Threading.CancellationToken cancellationToken)
    {
        var reportedIn = Declaration(reportAt, cancellationToken)?.Parent;
        var generates = false;

        foreach (var code in codes)
        {
            // A namesake that is not an override (it lost the keyword and hides the base member) would clash with the generated one.
            if (SymbolFacts.DeclaresClashWithOverride(type, code)
                || (code == DiagnosticProperties.BeginWriteMember && SymbolFacts.DeclaresClashWithOverride(type, "EndWrite")))
            {
                return false;
            }

            if (code == DiagnosticProperties.WriteAsyncMember)
            {
                var sync = Declaration(write, cancellationToken);
                if (members.WriteArray is null || sync is null || sync.Parent != reportedIn || sync.ParameterList.Parameters.Count != 3
                    || !models.TryGetValue(sync.SyntaxTree, out var model))
                {
                    return false;
                }

                var parameterNames = new string[3];
                for (var i = 0; i < 3; i++)
                {
                    var parameter = sync.ParameterList.Parameters[i];
                    if (parameter.Modifiers.Count > 0)
                    {
                        return false;
                    }

                    parameterNames[i] = parameter.Identifier.ValueText;
                }

                var translator = new AsyncBodyTranslator(model, members.Stream, members.WriteArray, "WriteAsync", "cancellationToken", cancellationToken, checkErrors: false);
                if (translator.Translate(sync, arguments => AsyncBodyTranslator.SameArgumentsPlusToken(arguments, parameterNames), out _) is null)
                {
                    return false;
                }

                generates = true;
            }
            else if (code == DiagnosticProperties.BeginWriteMember)
            {
                var sync = Declaration(write, cancellationToken);
                generates |= sync is not null && sync.Parent == reportedIn && sync.ParameterList.Parameters.Count == 3
                    && KnownTypes.Create(compilation).TaskToAsyncResult is not null
                    && !HasMemberNamed(type, "BeginWrite") && !HasMemberNamed(type, "EndWrite")
                    && !HasParameterNamed(sync, "callback") && !HasParameterNamed(sync, "state");
            }
            else if (code == DiagnosticProperties.FlushAsyncMember)
            {
                var sync = Declaration(flush, cancellationToken);
                if (members.Flush is null || sync is null || sync.Parent != reportedIn || !models.TryGetValue(sync.SyntaxTree, out var model))
                {
                    return false;
                }

                var translator = new AsyncBodyTranslator(model, members.Stream, members.Flush, "FlushAsync", "cancellationToken", cancellationToken, checkErrors: false);
                if (translator.Translate(sync, arguments => arguments.Arguments.Count == 0 ? AsyncBodyTranslator.TokenOnly() : null, out _) is null)
                {
                    return false;
                }

                generates = true;
            }
            else if (code == DiagnosticProperties.DisposeAsyncMember)
            {
                var sync = Declaration(dispose, cancellationToken);
                generates |= sync is not null && sync.Parent == reportedIn && models.TryGetValue(sync.SyntaxTree, out var model)
                    && StreamDisposeAsyncShape.Translate(sync, type, members, model, cancellationToken, checkErrors: false) is not null;
            }
        }

        return generates;
    }

    private static bool HasParameterNamed(MethodDeclarationSyntax method, string name)
    {
        foreach (var parameter in method.ParameterList.Parameters)
        {
            if (parameter.Identifier.ValueText == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The class declares a member of that name (an overload the generated one would clash with, or a hiding one).</summary>
    private static bool HasMemberNamed(INamedTypeSymbol type, string name)
        => !type.GetMembers(name).IsEmpty;

    private static MethodDeclarationSyntax? Declaration(ISymbol? method, System.Threading.CancellationToken cancellationToken)
        => method is not null && method.DeclaringSyntaxReferences.Length == 1
            ? method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) as MethodDeclarationSyntax
            : null;

    /// <summary>The known concrete stream (<c>MemoryStream</c>, <c>BufferedStream</c>, ...) the class derives from, if any.</summary>
    private static INamedTypeSymbol? FindConcreteBase(INamedTypeSymbol type, StreamMembers members)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            foreach (var concrete in members.ConcreteStreams)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, concrete))
                {
                    return current;
                }
            }

            if (current.Locations.Length == 0 || !current.Locations[0].IsInSource)
            {
                // A stream from another assembly that we do not know: its routing is unknown.
                return null;
            }
        }

        return null;
    }

    private static bool IsDeclaredByConcreteBase(IMethodSymbol implementation, INamedTypeSymbol concreteBase, StreamMembers members)
    {
        var declaring = implementation.ContainingType;
        if (declaring is null || SymbolEqualityComparer.Default.Equals(declaring.OriginalDefinition, members.Stream))
        {
            // Stream's own implementations route to Write(byte[], ...) / WriteAsync(byte[], ...).
            return false;
        }

        return KnownTypes.InheritsFromOrEquals(concreteBase, declaring.OriginalDefinition);
    }

    private static bool IsStreamBase(IMethodSymbol? implementation, StreamMembers members)
        => implementation is not null && SymbolEqualityComparer.Default.Equals(implementation.ContainingType?.OriginalDefinition, members.Stream);
}
