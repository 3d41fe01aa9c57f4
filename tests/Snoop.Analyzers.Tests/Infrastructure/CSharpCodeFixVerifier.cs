using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Snoop.Analyzers.Tests.Infrastructure;

/// <summary>Project-wide code-fix verifier. Both the input and the fixed output must compile (against the real Snoop runtime).</summary>
internal static class CSharpCodeFixVerifier<TRule, TCodeFix>
    where TRule : SnoopRule, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>An expected diagnostic of rule <paramref name="id"/>, with its first message format (as <c>{|ID:...|}</c> markup).</summary>
    public static DiagnosticResult Diagnostic(string id) => new(RuleAnalyzers.FirstDescriptor<TRule>(id));

    /// <summary>An expected diagnostic of one message format of a rule that has several (SNOOP001, SNOOP002, SNOOP004).</summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public static Task VerifyCodeFixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// <see cref="VerifyCodeFixAsync"/> in the strict mode (<see cref="Test.Strict"/>): the fixed code must not add a
    /// compiler warning either. With <paramref name="fixedSource"/> equal to <paramref name="source"/>: no fix is offered.
    /// </summary>
    public static Task VerifyCodeFixStrictAsync(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource, Strict = true };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    public sealed class Test : CSharpCodeFixTest<VerifierPlaceholderAnalyzer, TCodeFix, DefaultVerifier>
    {
        /// <summary>
        /// The strict mode, "a fix adds no warning": compiler warnings are checked too, not only errors, in the source and
        /// in the fixed code. CS1591 (missing XML docs) is the testing library's documentation mode, not the fix's doing.
        /// </summary>
        public bool Strict
        {
            get => CompilerDiagnostics == CompilerDiagnostics.Warnings;
            init
            {
                if (value)
                {
                    CompilerDiagnostics = CompilerDiagnostics.Warnings;
                    DisabledDiagnostics.Add("CS1591");
                }
            }
        }

        public Test()
        {
            ReferenceAssemblies = TestReferences.None;

            // {|SNOOP004:...|} markup names the rule; SNOOP004 has one descriptor per message format, all with that ID.
            MarkupOptions = MarkupOptions.UseFirstDescriptor;
            TestState.AdditionalReferences.AddRange(TestReferences.AspNetCore80);
            TestState.AdditionalReferences.Add(TestReferences.SnoopRuntime);

            // The hosts report other rules too; a rule's tests see its own IDs only.
            DisabledDiagnostics.AddRange(RuleAnalyzers.OtherIds<TRule>());
            FixedState.AdditionalReferences.AddRange(TestReferences.AspNetCore80);
            FixedState.AdditionalReferences.Add(TestReferences.SnoopRuntime);
        }

        /// <summary>The shipped analyzers hosting <typeparamref name="TRule"/> and the other rules of its ID (SNOOP004 has two).</summary>
        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => RuleAnalyzers.Of<TRule>();
    }
}
