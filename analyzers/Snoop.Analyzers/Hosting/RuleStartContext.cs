using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.ExceptionServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers;

/// <summary>
/// What a <see cref="SnoopRule"/> sees at compilation start: the compilation, and registration methods named like the
/// analyzer driver's. The host collects the rules' callbacks and registers one driver callback per kind that calls them
/// in turn. Assignments and invocations can also be asked for by property or method name: the host reads the name once
/// per site and calls only the rules that asked for that name. Invocations are found from the syntax (the name as
/// written), which the driver calls for more cheaply than for every invocation operation; the operation is fetched only
/// for a name a rule asked for.
/// </summary>
internal sealed class RuleStartContext
{
    private readonly Dictionary<OperationKind, List<Action<OperationAnalysisContext>>> _operationActions = new();
    private readonly Dictionary<string, List<Action<SiteContext>>> _assignmentActions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Action<SiteContext>>> _invocationActions = new(StringComparer.Ordinal);
    private readonly Dictionary<SymbolKind, List<Action<SymbolStartAnalysisContext>>> _symbolStartActions = new();
    private readonly Dictionary<SymbolKind, List<Action<SymbolAnalysisContext>>> _symbolActions = new();

    internal RuleStartContext(Compilation compilation) => Compilation = compilation;

    public Compilation Compilation { get; }

    /// <summary>Calls <paramref name="action"/> for every operation of <paramref name="kind"/>.</summary>
    public void RegisterOperationAction(Action<OperationAnalysisContext> action, OperationKind kind) => Add(_operationActions, kind, action);

    /// <summary>
    /// Calls <paramref name="action"/> for every simple assignment (<c>x.P = v</c>, <c>P = v</c> in an initializer) whose
    /// target is a property named <paramref name="propertyName"/>. The action still checks which property it is.
    /// </summary>
    public void RegisterAssignmentAction(Action<SiteContext> action, string propertyName) => Add(_assignmentActions, propertyName, action);

    /// <summary>
    /// Calls <paramref name="action"/> for every invocation of a method named <paramref name="methodName"/> and called by
    /// that name (a delegate called through a variable, <c>f(x)</c>, is called by the variable's name, not <c>Invoke</c>;
    /// a call that writes no name, <c>Get()(x)</c>, is matched by its method's name). The action still checks which
    /// method it is.
    /// </summary>
    public void RegisterInvocationAction(Action<SiteContext> action, string methodName) => Add(_invocationActions, methodName, action);

    /// <summary>Calls <paramref name="action"/> when the analysis of every symbol of <paramref name="kind"/> starts.</summary>
    public void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind kind) => Add(_symbolStartActions, kind, action);

    /// <summary>Calls <paramref name="action"/> for every symbol of <paramref name="kind"/>.</summary>
    public void RegisterSymbolAction(Action<SymbolAnalysisContext> action, SymbolKind kind) => Add(_symbolActions, kind, action);

    /// <summary>Registers one driver callback per kind the rules asked for, which calls each rule's callback in turn.</summary>
    internal void RegisterWith(CompilationStartAnalysisContext context)
    {
        if (Named(_assignmentActions) is { } assignments)
        {
            Add(_operationActions, OperationKind.SimpleAssignment, c =>
            {
                if (((ISimpleAssignmentOperation)c.Operation).Target is IPropertyReferenceOperation target && assignments.Find(target.Property.Name) is { } action)
                {
                    action(new SiteContext(c.Operation, c.ReportDiagnostic, c.CancellationToken));
                }
            });
        }

        if (Named(_invocationActions) is { } invocations)
        {
            context.RegisterSyntaxNodeAction(c => OnInvocation(c, invocations), SyntaxKind.InvocationExpression);
        }

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

    /// <summary>
    /// An invocation whose method name, as written, is one a rule asked for (or cannot be read from the syntax:
    /// <c>GetHandler()(x)</c>): the operation is fetched and its method's name confirmed before the rules are called.
    /// </summary>
    private static void OnInvocation(SyntaxNodeAnalysisContext context, NamedActions invocations)
    {
        var written = ((InvocationExpressionSyntax)context.Node).Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax name => name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };
        if (written is not null && invocations.Find(written) is null)
        {
            return;
        }

        if (context.SemanticModel.GetOperation(context.Node, context.CancellationToken) is IInvocationOperation invocation
            && invocations.Find(invocation.TargetMethod.Name) is { } action)
        {
            action(new SiteContext(invocation, context.ReportDiagnostic, context.CancellationToken));
        }
    }

    private static NamedActions? Named(Dictionary<string, List<Action<SiteContext>>> named)
    {
        if (named.Count == 0)
        {
            return null;
        }

        var names = new string[named.Count];
        var actions = new Action<SiteContext>[named.Count];
        var index = 0;
        foreach (var pair in named)
        {
            names[index] = pair.Key;
            actions[index++] = Fan(pair.Value);
        }

        return new NamedActions(names, actions);
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

    /// <summary>The rules' actions by site name. A handful of names: comparing them (length first) is cheaper than hashing every site's name.</summary>
    private sealed class NamedActions
    {
        private readonly string[] _names;
        private readonly Action<SiteContext>[] _actions;

        public NamedActions(string[] names, Action<SiteContext>[] actions)
        {
            _names = names;
            _actions = actions;
        }

        public Action<SiteContext>? Find(string name)
        {
            for (var i = 0; i < _names.Length; i++)
            {
                if (string.Equals(_names[i], name, StringComparison.Ordinal))
                {
                    return _actions[i];
                }
            }

            return null;
        }
    }
}
