using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP001's reading of one "buffer the response body" block: every use of the buffer and of the kept original,
/// classified once. The statements that only move bytes (original kept, buffer declared, swap, rewinds, copy-back,
/// dispose, restores) and the expressions that read the buffer (text, bytes, length) are facts about the code; from
/// them come the facts the analyzer reports (<see cref="CopyBack"/>, consumption, headers changed, <see cref="Reason"/>
/// when there is no fix), and the fixer's rewrite (<c>BufferedBodyRewritePlan</c> in the fixer assembly), which adds
/// what only the rewrite needs (the capture's name, <c>await using</c>, the context expression).
/// </summary>
internal sealed partial class BufferedBodyAnalysis
{
    private readonly HashSet<SyntaxNode> _removals = new();
    private readonly List<Replacement> _replacements = new();
    private readonly KnownTypes _types;
    private readonly List<(int Position, bool InCatch)> _restorePositions = new();
    private NotFixableReason? _shapeProblem;

    // What the uses showed about the copy-back (see DecideCopyBack).
    private bool _unknownUse;
    private bool _bytesChanged;
    private bool _copiedBack;
    private bool _responseWrittenAfterRestore;

    private BufferedBodyAnalysis(ResponseBodySwap swap, ITypeSymbol bufferType, KnownTypes types)
    {
        Swap = swap;
        BufferType = bufferType;
        _types = types;
    }

    /// <summary>The swap <c>response.Body = buffer</c>.</summary>
    public ResponseBodySwap Swap { get; }

    /// <summary>The buffering stream type (for the message).</summary>
    public ITypeSymbol BufferType { get; }

    /// <summary>What happens to the buffered bytes.</summary>
    public CopyBack CopyBack { get; private set; } = CopyBack.Unknown;

    /// <summary>
    /// True when status or headers are set after the next component ran: that works only while the body is held back,
    /// so streaming the response through would make it throw ("headers are read-only").
    /// </summary>
    public bool HeadersChangedAfterHandler { get; private set; }

    /// <summary>Why no fix is offered; null when the fix applies.</summary>
    public NotFixableReason? Reason { get; private set; }

    /// <summary>The buffer local, when the swap installs a local.</summary>
    public ILocalSymbol? Buffer { get; private set; }

    /// <summary>The declaration of the buffer: a local declaration statement (removed) or a using statement (re-purposed).</summary>
    public StatementSyntax? BufferDeclaration { get; private set; }

    /// <summary>The statements that only move bytes around, the swap statement included.</summary>
    public IReadOnlyCollection<SyntaxNode> Removals => _removals;

    /// <summary>The expressions that read the buffer, and what each reads.</summary>
    public IReadOnlyList<Replacement> Replacements => _replacements;

    /// <summary>True when the code reads the buffered bytes (text or bytes): body capture; else metrics capture.</summary>
    public bool NeedsBody
    {
        get
        {
            foreach (var replacement in _replacements)
            {
                if (replacement.Kind != Consumption.Length)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The consumption kinds, comma separated (text, bytes, length), for the diagnostic properties.</summary>
    public string DescribeConsumption()
    {
        var text = false;
        var bytes = false;
        var length = false;
        foreach (var replacement in _replacements)
        {
            text |= replacement.Kind == Consumption.Text;
            bytes |= replacement.Kind == Consumption.Bytes;
            length |= replacement.Kind == Consumption.Length;
        }

        var parts = new List<string>(3);
        if (text)
        {
            parts.Add(DiagnosticProperties.ConsumptionText);
        }

        if (bytes)
        {
            parts.Add(DiagnosticProperties.ConsumptionBytes);
        }

        if (length)
        {
            parts.Add(DiagnosticProperties.ConsumptionLength);
        }

        return string.Join(",", parts);
    }

    /// <summary>Reads the block; null when the swap does not install a buffering stream (then SNOOP001 does not apply).</summary>
    public static BufferedBodyAnalysis? Create(ResponseBodySwap swap, KnownTypes types, CancellationToken cancellationToken)
    {
        if (swap.IsFeatureSwap || swap.Response is null)
        {
            return null;
        }

        var bufferType = GetBufferType(swap.NewValue, swap.Scope, types);
        if (bufferType is null)
        {
            return null;
        }

        var analysis = new BufferedBodyAnalysis(swap, bufferType, types);
        analysis.Analyze(cancellationToken);
        return analysis;
    }

    private static bool IsBuffering(ITypeSymbol? type, KnownTypes types)
        => KnownTypes.InheritsFromOrEquals(type, types.MemoryStream)
            || KnownTypes.InheritsFromOrEquals(type, types.RecyclableMemoryStream)
            || KnownTypes.InheritsFromOrEquals(type, types.FileStream);

    private static ITypeSymbol? GetBufferType(IOperation value, IOperation scope, KnownTypes types)
    {
        if (IsBuffering(value.Type, types))
        {
            return value.Type;
        }

        if (value is ILocalReferenceOperation reference)
        {
            foreach (var op in FunctionScope.EnumerateOwn(scope))
            {
                if (OperationFacts.TryGetLocalStore(op, out var local, out var stored)
                    && SymbolEqualityComparer.Default.Equals(local, reference.Local)
                    && IsBuffering(stored?.Type, types))
                {
                    return stored!.Type;
                }
            }
        }

        return null;
    }

    private void Analyze(CancellationToken cancellationToken)
    {
        FindSwapAndDeclarations();
        FindRestores();
        ClassifyByteMoves(cancellationToken);
        var readers = ClassifyReads(cancellationToken);
        ClassifyReaderLocals(readers);
        HeadersChangedAfterHandler = ChangesHeadersAfterTheHandler(Swap.Swap.Syntax.SpanStart);
        CopyBack = DecideCopyBack();
        CheckRemovalsAreWholeStatements();
        CheckReadsAreInTheCaptureScope();
        CheckTheFunctionAwaits();
        CheckTheContextIsUsable();
        Reason = CopyBack switch
        {
            CopyBack.Changed => NotFixableReason.BytesChanged,
            _ when HeadersChangedAfterHandler => NotFixableReason.HeadersChangedAfterHandler,
            CopyBack.Missing => NotFixableReason.NoCopyBack,
            CopyBack.Unknown => NotFixableReason.UnknownUse,
            _ => _shapeProblem,
        };
    }

    /// <summary>The swap statement, <c>var original = context.Response.Body;</c> and the buffer's declaration.</summary>
    private void FindSwapAndDeclarations()
    {
        var swap = Swap;
        Buffer = (swap.NewValue as ILocalReferenceOperation)?.Local;
        if (Buffer is null || swap.OriginalIsFeature)
        {
            Reject(NotFixableReason.NoLocalBuffer);
        }

        var swapStatement = swap.SwapStatement;
        if (swapStatement is null || swapStatement.Parent is not BlockSyntax || swap.Scope.Syntax.ContainsDirectives)
        {
            Reject(NotFixableReason.NotAWholeStatement);
        }

        if (swapStatement is not null)
        {
            _removals.Add(swapStatement);
        }

        // The original's declaration: `var original = context.Response.Body;` (one declarator, not a using).
        if (GetDeclarationStatement(swap.OriginalRead.Syntax) is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 } originalDeclaration
            && originalDeclaration.Declaration.Variables.Count == 1)
        {
            _removals.Add(originalDeclaration);
        }
        else
        {
            Reject(NotFixableReason.NotDeclaredAlone);
        }

        if (Buffer is null)
        {
            return;
        }

        foreach (var op in FunctionScope.EnumerateOwn(swap.Scope))
        {
            if (op is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, Buffer))
            {
                BufferDeclaration = GetDeclarationStatement(declarator.Syntax);
                break;
            }
        }

        switch (BufferDeclaration)
        {
            case LocalDeclarationStatementSyntax local when local.Declaration.Variables.Count == 1:
                _removals.Add(local);
                break;
            case UsingStatementSyntax { Declaration.Variables.Count: 1, Statement: BlockSyntax body } when swapStatement is not null && IsWithin(swapStatement, body):
                break;
            default:
                Reject(NotFixableReason.NotDeclaredAlone);
                break;
        }
    }

    /// <summary>Restores: <c>context.Response.Body = original;</c> statements disappear.</summary>
    private void FindRestores()
    {
        foreach (var restore in Swap.FindRestores(_types))
        {
            if (restore.Syntax.Parent is ExpressionStatementSyntax statement)
            {
                _removals.Add(statement);
                _restorePositions.Add((restore.Syntax.SpanStart, FunctionScope.IsInCatch(restore.Syntax, Swap.Scope.Syntax)));
            }
            else
            {
                Reject(NotFixableReason.NotAWholeStatement);
            }
        }
    }

    private bool IsRemoved(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            if (_removals.Contains(current))
            {
                return true;
            }

            if (current == Swap.Scope.Syntax)
            {
                break;
            }
        }

        return false;
    }

    private void AddStandalone(IOperation invocation)
    {
        if (ClimbAwait(invocation).Parent is IExpressionStatementOperation { Syntax: ExpressionStatementSyntax statement })
        {
            _removals.Add(statement);
        }
        else
        {
            _unknownUse = true;
        }
    }

    private static bool IsRewind(IInvocationOperation seek)
        => seek.Arguments.Length == 2 && IsZero(seek.Arguments[0].Value)
            && OperationFacts.Unwrap(seek.Arguments[1].Value) is { ConstantValue: { HasValue: true, Value: 0 } };

    private static bool IsZero(IOperation value)
        => value.ConstantValue is { HasValue: true, Value: { } constant } && (constant is 0 || constant is 0L);

    /// <summary>The statement declaring a variable (local declaration or using statement), from its declarator or initializer syntax.</summary>
    private static StatementSyntax? GetDeclarationStatement(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case LocalDeclarationStatementSyntax local:
                    return local;
                case UsingStatementSyntax usingStatement:
                    return usingStatement;
                case StatementSyntax or AnonymousFunctionExpressionSyntax:
                    return null;
            }
        }

        return null;
    }

}
