using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.ExceptionServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers;

/// <summary>
/// What a <see cref="SnoopRule"/> sees at compilation start: the compilation, and registration methods named like the
/// analyzer driver's. The host collects the rules' callbacks and registers one driver callback per kind that calls them
/// in turn. Assignments and invocations can also be asked for by property or method name: the host reads the name once
/// per site and calls only the rules that asked for that name. Rules that also pass the same site filter (the same
/// delegate instance) share one call of it per site, and are called only when it accepts the site.
/// </summary>
internal sealed class RuleStartContext
{
    private readonly Dictionary<OperationKind, List<Action<OperationAnalysisContext>>> _operationActions = new();
    private readonly Dictionary<string, List<Named>> _assignmentActions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Named>> _invocationActions = new(StringComparer.Ordinal);
    private readonly Dictionary<SymbolKind, List<Action<SymbolStartAnalysisContext>>> _symbolStartActions = new();
    private readonly Dictionary<SymbolKind, List<Action<SymbolAnalysisContext>>> _symbolActions = new();

    internal RuleStartContext(Compilation compilation) => Compilation = compilation;

    public Compilation Compilation { get; }

    /// <summary>Calls <paramref name="action"/> for every operation of <paramref name="kind"/>.</summary>
    public void RegisterOperationAction(Action<OperationAnalysisContext> action, OperationKind kind) => Add(_operationActions, kind, action);

    /// <summary>
    /// Calls <paramref name="action"/> for every simple assignment (<c>x.P = v</c>, <c>P = v</c> in an initializer) whose
    /// target is a property named <paramref name="propertyName"/> and that <paramref name="siteFilter"/> (when given)
    /// accepts. The action still checks which property it is.
    /// </summary>
    /// <param name="action">The rule's callback.</param>
    /// <param name="propertyName">The name of the property assigned.</param>
    /// <param name="siteFilter">
    /// A cheap first test of the site that several rules share: the host calls each distinct filter (by reference) once
    /// per site, before the actions that passed it. It must not report, and must accept every site the action needs.
    /// </param>
    public void RegisterAssignmentAction(Action<OperationAnalysisContext> action, string propertyName, Func<IOperation, bool>? siteFilter = null)
        => AddNamed(_assignmentActions, propertyName, siteFilter, action);

    /// <summary>
    /// Calls <paramref name="action"/> for every invocation of a method named <paramref name="methodName"/> that
    /// <paramref name="siteFilter"/> (when given) accepts; see <see cref="RegisterAssignmentAction"/>. The action still
    /// checks which method it is.
    /// </summary>
    public void RegisterInvocationAction(Action<OperationAnalysisContext> action, string methodName, Func<IOperation, bool>? siteFilter = null)
        => AddNamed(_invocationActions, methodName, siteFilter, action);

    /// <summary>Calls <paramref name="action"/> when the analysis of every symbol of <paramref name="kind"/> starts.</summary>
    public void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind kind) => Add(_symbolStartActions, kind, action);

    /// <summary>Calls <paramref name="action"/> for every symbol of <paramref name="kind"/>.</summary>
    public void RegisterSymbolAction(Action<SymbolAnalysisContext> action, SymbolKind kind) => Add(_symbolActions, kind, action);

    /// <summary>Registers one driver callback per kind the rules asked for, which calls each rule's callback in turn.</summary>
    internal void RegisterWith(CompilationStartAnalysisContext context)
    {
        AddNamed(OperationKind.SimpleAssignment, _assignmentActions, static op => AssignedPropertyName((ISimpleAssignmentOperation)op));
        AddNamed(OperationKind.Invocation, _invocationActions, static op => ((IInvocationOperation)op).TargetMethod.Name);
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

    /// <summary>The name of the property an assignment stores to; null when the target is not a property.</summary>
    private static string? AssignedPropertyName(ISimpleAssignmentOperation assignment)
        => assignment.Target is IPropertyReferenceOperation target ? target.Property.Name : null;

    /// <summary>
    /// Turns the by-name actions of one operation kind into one action of that kind: it reads the site's name once and
    /// calls the actions registered for that name.
    /// </summary>
    private void AddNamed(OperationKind kind, Dictionary<string, List<Named>> named, Func<IOperation, string?> nameOf)
    {
        if (named.Count == 0)
        {
            return;
        }

        // A handful of names: comparing them (length first) is cheaper than hashing every site's name.
        var names = new string[named.Count];
        var actions = new Action<OperationAnalysisContext>[named.Count];
        var index = 0;
        foreach (var pair in named)
        {
            names[index] = pair.Key;
            actions[index++] = Filtered(pair.Value);
        }

        Add(_operationActions, kind, context =>
        {
            if (nameOf(context.Operation) is not { } name)
            {
                return;
            }

            for (var i = 0; i < names.Length; i++)
            {
                if (string.Equals(names[i], name, StringComparison.Ordinal))
                {
                    actions[i](context);
                    return;
                }
            }
        });
    }

    /// <summary>
    /// One action for the actions of one name: the actions registered with the same site filter (or with none) form a
    /// group, called in turn behind one call of the filter. Groups run in the order of their first registration, and
    /// the actions of a group in the order they were registered.
    /// </summary>
    private static Action<OperationAnalysisContext> Filtered(List<Named> entries)
    {
        var groups = new List<(Func<IOperation, bool>? Filter, List<Action<OperationAnalysisContext>> Actions)>();
        foreach (var entry in entries)
        {
            var index = groups.FindIndex(group => ReferenceEquals(group.Filter, entry.Filter));
            if (index < 0)
            {
                groups.Add((entry.Filter, new List<Action<OperationAnalysisContext>> { entry.Action }));
            }
            else
            {
                groups[index].Actions.Add(entry.Action);
            }
        }

        var filtered = new List<Action<OperationAnalysisContext>>(groups.Count);
        foreach (var (filter, list) in groups)
        {
            var action = Fan(list);
            filtered.Add(filter is null
                ? action
                : context =>
                {
                    if (filter(context.Operation))
                    {
                        action(context);
                    }
                });
        }

        return Fan(filtered);
    }

    private static void AddNamed(Dictionary<string, List<Named>> named, string name, Func<IOperation, bool>? filter, Action<OperationAnalysisContext> action)
    {
        if (action is null)
        {
            throw new ArgumentNullException(nameof(action));
        }

        if (!named.TryGetValue(name, out var list))
        {
            list = new List<Named>();
            named.Add(name, list);
        }

        list.Add(new Named(filter, action));
    }

    private static void Add<TKind, TContext>(Dictionary<TKind, List<Action<TContext>>> actions, TKind kind, Action<TContext> action)
        where TKind : notnull
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

    /// <summary>An action asked for by name, and the site filter it was registered with (null: none).</summary>
    private readonly struct Named
    {
        public Named(Func<IOperation, bool>? filter, Action<OperationAnalysisContext> action)
        {
            Filter = filter;
            Action = action;
        }

        public Func<IOperation, bool>? Filter { get; }

        public Action<OperationAnalysisContext> Action { get; }
    }
}
