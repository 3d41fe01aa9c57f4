using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers.Shared;

namespace Snoop.Analyzers.Rules;

/// <summary>
/// SNOOP005: a class deriving from <c>HttpResponse</c>, <c>HttpRequest</c> or <c>HttpContext</c> that wraps another
/// instance of the same abstraction but leaves virtual members whose base implementation throws
/// <c>NotImplementedException</c> or ignores the wrapped instance.
/// </summary>
public sealed class HttpAbstractionWrapperRule : SnoopRule
{
    /// <summary>The .editorconfig option that turns the test-project exclusion off (default <c>true</c>).</summary>
    internal const string ExcludeTestProjectsOption = "dotnet_code_quality.SNOOP005.exclude_test_projects";

    /// <summary>
    /// The members (ASP.NET Core 8) whose base implementation is wrong for a wrapper; why is in the message formats
    /// (<c>Descriptors.SNOOP005_*</c>). Abstract members are not listed: the compiler already requires them. Virtual
    /// members that route through abstract ones (<c>OnStarting(Func&lt;Task&gt;)</c>, <c>RegisterForDispose</c>,
    /// <c>Redirect(string)</c>) are correct and not listed. <c>HttpContext</c> has no such member in ASP.NET Core 8.
    /// </summary>
    private static readonly (int Type, string Member)[] s_riskyMembers =
    {
        (ResponseIndex, BodyWriter),
        (ResponseIndex, "StartAsync"),
        (ResponseIndex, "CompleteAsync"),
        (RequestIndex, BodyReader),
        (RequestIndex, RouteValues),
    };

    private const string BodyWriter = "BodyWriter";
    private const string BodyReader = "BodyReader";
    private const string RouteValues = "RouteValues";

    private const int ResponseIndex = 0;
    private const int RequestIndex = 1;

    private static readonly string[] s_testFrameworkAssemblies =
    {
        "xunit.core",
        "xunit.v3.core",
        "nunit.framework",
        "Microsoft.VisualStudio.TestPlatform.TestFramework",
        "TUnit.Core",
    };

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(
            Descriptors.SNOOP005_ResponseBodyWriter,
            Descriptors.SNOOP005_ResponseStartOrComplete,
            Descriptors.SNOOP005_RequestBodyReader,
            Descriptors.SNOOP005_RequestRouteValues,
            Descriptors.SNOOP005_RequestBodyReaderAndRouteValues);

    /// <inheritdoc/>
    internal override void Start(RuleStartContext context)
    {
        var compilation = context.Compilation;
        var known = KnownTypes.Create(compilation);
        var abstractions = ImmutableArray.CreateBuilder<Abstraction>(3);
        var types = new[] { known.HttpResponse, known.HttpRequest, known.HttpContext };
        for (var index = 0; index < types.Length; index++)
        {
            var type = types[index];
            if (type is null)
            {
                continue;
            }

            var members = ImmutableArray.CreateBuilder<ISymbol>();
            foreach (var (typeIndex, memberName) in s_riskyMembers)
            {
                if (typeIndex != index)
                {
                    continue;
                }

                foreach (var member in type.GetMembers(memberName))
                {
                    if (member.IsVirtual && !member.IsAbstract && !member.IsStatic)
                    {
                        members.Add(member);
                        break;
                    }
                }
            }

            abstractions.Add(new Abstraction(index, type, members.ToImmutable()));
        }

        if (abstractions.Count == 0)
        {
            return;
        }

        var analysis = new CompilationAnalysis(abstractions.ToImmutable(), IsTestProject(compilation));
        // A symbol-start callback, which the host shares with the other type rules, rather than a symbol callback of its
        // own per type: only a candidate (a class deriving from one of the abstractions) is looked at again, at its end.
        context.RegisterSymbolStartAction(analysis.OnNamedTypeStart, SymbolKind.NamedType);
    }

    /// <summary>
    /// A test project: the assembly name ends in ".Tests" or ".Test", or the compilation references xUnit, NUnit,
    /// MSTest or TUnit. Test doubles there may leave members out on purpose.
    /// </summary>
    internal static bool IsTestProject(Compilation compilation)
    {
        var name = compilation.AssemblyName ?? string.Empty;
        if (name.EndsWith(".Tests", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".Test", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var reference in compilation.ReferencedAssemblyNames)
        {
            foreach (var framework in s_testFrameworkAssemblies)
            {
                if (string.Equals(reference.Name, framework, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed class Abstraction
    {
        public Abstraction(int index, INamedTypeSymbol type, ImmutableArray<ISymbol> members)
        {
            Index = index;
            Type = type;
            Members = members;
        }

        /// <summary><see cref="ResponseIndex"/>, <see cref="RequestIndex"/> or the index of <c>HttpContext</c>.</summary>
        public int Index { get; }
        public INamedTypeSymbol Type { get; }
        public ImmutableArray<ISymbol> Members { get; }
    }

    private sealed class CompilationAnalysis
    {
        private readonly ImmutableArray<Abstraction> _abstractions;
        private readonly bool _isTestProject;

        public CompilationAnalysis(ImmutableArray<Abstraction> abstractions, bool isTestProject)
        {
            _abstractions = abstractions;
            _isTestProject = isTestProject;
        }

        public void OnNamedTypeStart(SymbolStartAnalysisContext context)
        {
            if (context.Symbol is INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false } type && !type.Locations.IsEmpty && type.Name.Length > 0
                && FindAbstraction(type) is { Members.IsEmpty: false } abstraction)
            {
                context.RegisterSymbolEndAction(end => AnalyzeNamedType(end, type, abstraction));
            }
        }

        private void AnalyzeNamedType(SymbolAnalysisContext context, INamedTypeSymbol type, Abstraction abstraction)
        {
            if (_isTestProject && ExcludesTestProjects(context, type))
            {
                return;
            }

            var holders = WrapperHolders.Find(type, abstraction.Type, context.CancellationToken);
            if (holders.Count == 0)
            {
                return;
            }

            List<string>? missing = null;
            var nameTaken = false;
            foreach (var member in abstraction.Members)
            {
                if (!IsOverridden(type, abstraction.Type, member, ref nameTaken))
                {
                    (missing ??= new List<string>()).Add(member.Name);
                }
            }

            var descriptor = missing is null ? null : ChooseDescriptor(abstraction.Index, missing);
            if (missing is null || descriptor is null)
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.MembersKey, string.Join(",", missing));
            // An added override would clash with a member that hides the base one ('new'): no fix then.
            if (!nameTaken && WrapperHolders.Choose(holders, type) is { } holder && !WrapperHolders.IsNullable(holder))
            {
                properties = properties.Add(DiagnosticProperties.InnerKey, holder.Name).Add(DiagnosticProperties.FixableKey, DiagnosticProperties.True);
            }

            context.ReportDiagnostic(Diagnostic.Create(
                descriptor,
                ReportLocation(type, context.CancellationToken),
                properties,
                type.Name,
                MessageArguments.JoinNames(missing)));
        }

        /// <summary>The message format for the members not forwarded (the request formats name their members themselves).</summary>
        private static DiagnosticDescriptor? ChooseDescriptor(int abstraction, List<string> missing)
        {
            switch (abstraction)
            {
                case ResponseIndex:
                    return missing.Contains(BodyWriter) ? Descriptors.SNOOP005_ResponseBodyWriter : Descriptors.SNOOP005_ResponseStartOrComplete;
                case RequestIndex:
                    var bodyReader = missing.Contains(BodyReader);
                    var routeValues = missing.Contains(RouteValues);
                    return bodyReader && routeValues ? Descriptors.SNOOP005_RequestBodyReaderAndRouteValues
                        : bodyReader ? Descriptors.SNOOP005_RequestBodyReader
                        : routeValues ? Descriptors.SNOOP005_RequestRouteValues
                        : null;
                default:
                    return null;
            }
        }

        /// <summary>
        /// The name of the declaration that states the base class: for a partial wrapper whose other part comes first from a
        /// generator (no base list, in generated code), reporting there would be suppressed and the fix would edit generated code.
        /// </summary>
        private static Location ReportLocation(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
        {
            if (type.DeclaringSyntaxReferences.Length > 1)
            {
                foreach (var reference in type.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(cancellationToken) is ClassDeclarationSyntax { BaseList: not null } declaration)
                    {
                        return declaration.Identifier.GetLocation();
                    }
                }
            }

            return type.Locations[0];
        }

        private Abstraction? FindAbstraction(INamedTypeSymbol type)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                foreach (var abstraction in _abstractions)
                {
                    if (SymbolEqualityComparer.Default.Equals(current, abstraction.Type))
                    {
                        return abstraction;
                    }
                }
            }

            return null;
        }

        private static bool ExcludesTestProjects(SymbolAnalysisContext context, INamedTypeSymbol type)
        {
            var tree = type.Locations[0].SourceTree;
            if (tree is not null
                && context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(ExcludeTestProjectsOption, out var value)
                && bool.TryParse(value, out var exclude))
            {
                return exclude;
            }

            return true;
        }

        private static bool IsOverridden(INamedTypeSymbol type, INamedTypeSymbol abstraction, ISymbol baseMember, ref bool nameTaken)
        {
            var taken = false;
            for (var current = type; current is not null && !SymbolEqualityComparer.Default.Equals(current, abstraction); current = current.BaseType)
            {
                foreach (var member in current.GetMembers(baseMember.Name))
                {
                    if (member.IsOverride && member.Kind == baseMember.Kind)
                    {
                        return true;
                    }

                    taken = true;
                }
            }

            nameTaken |= taken;
            return false;
        }
    }
}
