using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.ExceptionServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Snoop.Analyzers;

/// <summary>
/// What a <see cref="SnoopRule"/> sees at compilation start: the compilation, and registration methods named like the
/// analyzer driver's. The host collects the rules' callbacks and registers one driver callback per kind that calls them
/// in turn.
/// </summary>
internal sealed class RuleStartContext
{
    private readonly Dictionary<OperationKind, List<Action<OperationAnalysisContext>>> _operationActions = new();
    private readonly Dictionary<SymbolKind, List<Action<SymbolStartAnalysisContext>>> _symbolStartActions = new();
    private readonly Dictionary<SymbolKind, List<Action<SymbolAnalysisContext>>> _symbolActions = new();

    internal RuleStartContext(Compilation compilation) => Compilation = compilation;

    public Compilation Compilation { get; }

    /// <summary>Calls <paramref name="action"/> for every operation of <paramref name="kind"/>.</summary>
    public void RegisterOperationAction(Action<OperationAnalysisContext> action, OperationKind kind) => Add(_operationActions, kind, action);

    /// <summary>Calls <paramref name="action"/> when the analysis of every symbol of <paramref name="kind"/> starts.</summary>
    public void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind kind) => Add(_symbolStartActions, kind, action);

    /// <summary>Calls <paramref name="action"/> for every symbol of <paramref name="kind"/>.</summary>
    public void RegisterSymbolAction(Action<SymbolAnalysisContext> action, SymbolKind kind) => Add(_symbolActions, kind, action);

    /// <summary>Registers one driver callback per kind the rules asked for, which calls each rule's callback in turn.</summary>
    internal void RegisterWith(CompilationStartAnalysisContext context)
    {
        foreach (var pair in _operationActions)
        {
            context.RegisterOperationAction(Fan(pair.Value), pair.Key);
        }

        foreach (var pair in _symbolStartActions)
        {
            context.RegisterSymbolStartAction(Fan(pair.Value), pair.Key);
        }

        foreach (var pair in _symbolActions)
        {
            context.RegisterSymbolAction(Fan(pair.Value), pair.Key);
        }
    }

    private static void Add<TKind, TContext>(Dictionary<TKind, List<Action<TContext>>> actions, TKind kind, Action<TContext> action)
    {
        if (action is null)
        {
            throw new ArgumentNullException(nameof(action));
        }

        if (!actions.TryGetValue(kind, out var list))
        {
            list = new List<Action<TContext>>();
            actions.Add(kind, list);
        }

        list.Add(action);
    }

    /// <summary>
    /// One callback for several rules. A rule that throws does not keep the rules after it from running: the first
    /// exception is rethrown once all have run, so the driver still reports it (AD0001). Cancellation is not held back.
    /// </summary>
    private static Action<TContext> Fan<TContext>(List<Action<TContext>> list)
    {
        if (list.Count == 1)
        {
            return list[0];
        }

        var actions = list.ToImmutableArray();
        return context =>
        {
            ExceptionDispatchInfo? first = null;
            foreach (var action in actions)
            {
                try
                {
                    action(context);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    first ??= ExceptionDispatchInfo.Capture(exception);
                }
            }

            first?.Throw();
        };
    }
}
