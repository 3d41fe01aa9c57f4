using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Snoop.Analyzers.Tests.Infrastructure;

/// <summary>Project-wide analyzer verifier: ASP.NET Core 8 references, the Snoop runtime, and markup sources.</summary>
internal static class CSharpAnalyzerVerifier<TRule>
    where TRule : SnoopRule, new()
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

    public sealed class Test : CSharpAnalyzerTest<VerifierPlaceholderAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.None;

            // {|SNOOP004:...|} markup names the rule; SNOOP004 has one descriptor per message format, all with that ID.
            MarkupOptions = MarkupOptions.UseFirstDescriptor;
            TestState.AdditionalReferences.AddRange(TestReferences.AspNetCore80);
            TestState.AdditionalReferences.Add(TestReferences.SnoopRuntime);

            // The hosts report other rules too; a rule's tests see its own IDs only.
            DisabledDiagnostics.AddRange(RuleAnalyzers.OtherIds<TRule>());
        }

        /// <summary>The shipped analyzers hosting <typeparamref name="TRule"/> and the other rules of its ID (SNOOP004 has two).</summary>
        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => RuleAnalyzers.Of<TRule>();
    }
}
