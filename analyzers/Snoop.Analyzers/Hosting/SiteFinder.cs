using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Snoop.Analyzers;

/// <summary>
/// Finds, once per file, the assignments to properties and the invocations of methods whose names rules asked for, and
/// gives each site to those rules.
/// <para>
/// The names are few and rare (<c>Body</c>, <c>Content</c>, <c>Set</c>), while a file has hundreds of assignments and
/// invocations. An operation callback would have the driver call the host for every one of them; this looks for each
/// name in the file's text, and binds only where the name is the target of an assignment or the method of an invocation.
/// A file without the names costs one search of its text per name. A file where a name could be spelled otherwise (a
/// Unicode escape or a formatting character anywhere in it) has every identifier looked at instead. Not found by design:
/// the members of an anonymous object (<c>new { Body = x }</c>), whose properties no rule asks about.
/// </para>
/// </summary>
internal sealed class SiteFinder
{
    private readonly string[] _assignmentNames;
    private readonly Action<SiteContext>[] _assignmentActions;
    private readonly string[] _invocationNames;
    private readonly Action<SiteContext>[] _invocationActions;

    /// <summary>Every name asked for, once.</summary>
    private readonly string[] _names;

    internal SiteFinder(string[] assignmentNames, Action<SiteContext>[] assignmentActions, string[] invocationNames, Action<SiteContext>[] invocationActions)
    {
        _assignmentNames = assignmentNames;
        _assignmentActions = assignmentActions;
        _invocationNames = invocationNames;
        _invocationActions = invocationActions;
        var names = new List<string>(assignmentNames);
        foreach (var name in invocationNames)
        {
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        _names = names.ToArray();
    }

    /// <summary>
    /// Gives every site of the file to its rules. A rule that throws on one site does not keep the other sites or rules
    /// from running: the first exception is rethrown at the end, so that the driver reports it (AD0001).
    /// </summary>
    internal void Analyze(SemanticModelAnalysisContext context)
    {
        var model = context.SemanticModel;
        var cancellationToken = context.CancellationToken;
        var text = model.SyntaxTree.GetText(cancellationToken).ToString();
        var visit = new Visit(this, model, context.ReportDiagnostic, cancellationToken);
        if (MaySpellNamesOtherwise(text))
        {
            // Rare: a file with an escape or a formatting character anywhere. Every identifier is looked at.
            foreach (var token in model.SyntaxTree.GetRoot(cancellationToken).DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    visit.Token(token);
                }
            }
        }
        else
        {
            SyntaxNode? root = null;
            foreach (var name in _names)
            {
                for (var at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (IsWholeWord(text, at, name.Length))
                    {
                        root ??= model.SyntaxTree.GetRoot(cancellationToken);
                        if (root.FindToken(at) is var token && token.IsKind(SyntaxKind.IdentifierToken) && token.Span.Contains(at))
                        {
                            visit.Token(token);
                        }
                    }
                }
            }
        }

        visit.Finish();
    }

    /// <summary>
    /// True when an identifier of <paramref name="text"/> may be written otherwise than its name: C# accepts Unicode
    /// escapes in identifiers (<c>B\u006fdy</c> is <c>Body</c>) and ignores formatting characters (category Cf) in them.
    /// </summary>
    internal static bool MaySpellNamesOtherwise(string text)
    {
        if (text.IndexOf("\\u", StringComparison.Ordinal) >= 0 || text.IndexOf("\\U", StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        // Four characters at a time: any bit above 0x7F in any of them means a character that is not ASCII.
        var span = text.AsSpan();
        var blocks = MemoryMarshal.Cast<char, ulong>(span);
        for (var i = 0; i < blocks.Length; i++)
        {
            if ((blocks[i] & 0xFF80_FF80_FF80_FF80UL) != 0 && HasFormatCharacter(span.Slice(i * 4, 4)))
            {
                return true;
            }
        }

        return HasFormatCharacter(span.Slice(blocks.Length * 4));
    }

    private static bool HasFormatCharacter(ReadOnlySpan<char> chars)
    {
        foreach (var c in chars)
        {
            if (c > 0x7F && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One file's visit: gives each site found to the rules that asked for its name, and keeps the first exception.</summary>
    private sealed class Visit
    {
        private readonly SiteFinder _finder;
        private readonly SemanticModel _model;
        private readonly Action<Diagnostic> _report;
        private readonly CancellationToken _cancellationToken;
        private ExceptionDispatchInfo? _first;

        public Visit(SiteFinder finder, SemanticModel model, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            _finder = finder;
            _model = model;
            _report = report;
            _cancellationToken = cancellationToken;
        }

        /// <summary>Gives the site <paramref name="token"/> names, if any, to the rules that asked for its name.</summary>
        public void Token(SyntaxToken token)
        {
            var name = token.ValueText;
            if (IndexOf(_finder._assignmentNames, name) is var assignment and >= 0
                && AssignmentOf(token, name, _model, _cancellationToken) is { } assigned)
            {
                Call(_finder._assignmentActions[assignment], assigned);
            }

            if (IndexOf(_finder._invocationNames, name) is var invocation and >= 0
                && InvocationOf(token, name, _model, _cancellationToken) is { } invoked)
            {
                Call(_finder._invocationActions[invocation], invoked);
            }
        }

        public void Finish() => _first?.Throw();

        private void Call(Action<SiteContext> action, IOperation operation)
        {
            try
            {
                action(new SiteContext(operation, _report, _cancellationToken));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _first ??= ExceptionDispatchInfo.Capture(exception);
            }
        }

        private static int IndexOf(string[] names, string name)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (string.Equals(names[i], name, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>
    /// The simple assignment whose target is a property named <paramref name="name"/>, when <paramref name="token"/> is
    /// the name of that target: <c>x.Body = v</c>, <c>x?.Body = v</c>, <c>Body = v</c> in an object initializer.
    /// </summary>
    internal static ISimpleAssignmentOperation? AssignmentOf(SyntaxToken token, string name, SemanticModel model, CancellationToken cancellationToken)
    {
        if (token.Parent is not SimpleNameSyntax simpleName
            || Outermost(Accessed(simpleName)).Parent is not AssignmentExpressionSyntax assignment
            || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
            || assignment.Left != Outermost(Accessed(simpleName)))
        {
            return null;
        }

        return model.GetOperation(assignment, cancellationToken) is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } operation
            && string.Equals(target.Property.Name, name, StringComparison.Ordinal)
            ? operation
            : null;
    }

    /// <summary>
    /// The invocation of a method named <paramref name="name"/>, when <paramref name="token"/> is that method's name:
    /// <c>x.Set&lt;T&gt;(v)</c>, <c>x?.Set(v)</c>, <c>Set(v)</c>.
    /// </summary>
    internal static IInvocationOperation? InvocationOf(SyntaxToken token, string name, SemanticModel model, CancellationToken cancellationToken)
    {
        if (token.Parent is not SimpleNameSyntax simpleName
            || Outermost(Accessed(simpleName)) is not { Parent: InvocationExpressionSyntax invocation } callee
            || invocation.Expression != callee)
        {
            return null;
        }

        return model.GetOperation(invocation, cancellationToken) is IInvocationOperation operation
            && string.Equals(operation.TargetMethod.Name, name, StringComparison.Ordinal)
            ? operation
            : null;
    }

    /// <summary><c>x.Name</c> or <c>.Name</c> (after <c>?</c>) when <paramref name="name"/> is the accessed name; else the name.</summary>
    private static ExpressionSyntax Accessed(SimpleNameSyntax name) => name.Parent switch
    {
        MemberAccessExpressionSyntax access when access.Name == name => access,
        MemberBindingExpressionSyntax binding when binding.Name == name => binding,
        _ => name,
    };

    /// <summary><paramref name="expression"/> with the parentheses around it.</summary>
    private static ExpressionSyntax Outermost(ExpressionSyntax expression)
    {
        while (expression.Parent is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized;
        }

        return expression;
    }

    /// <summary>True when the characters on either side of the match cannot continue an identifier.</summary>
    private static bool IsWholeWord(string text, int at, int length)
        => (at == 0 || !IsIdentifierPart(text[at - 1])) && (at + length == text.Length || !IsIdentifierPart(text[at + length]));

    private static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);
}
