using System.Reflection;

namespace Courier.PackagingTests.Api;

/// <summary>Writes types as C#-like text (<c>System.Collections.Generic.List&lt;string!&gt;!</c>), with nullability
/// marks on reference types: <c>!</c> not null, <c>?</c> nullable, nothing when oblivious.</summary>
internal static class TypeNames
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(object)] = "object", [typeof(string)] = "string", [typeof(bool)] = "bool",
        [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(short)] = "short", [typeof(ushort)] = "ushort",
        [typeof(int)] = "int", [typeof(uint)] = "uint", [typeof(long)] = "long", [typeof(ulong)] = "ulong",
        [typeof(float)] = "float", [typeof(double)] = "double", [typeof(decimal)] = "decimal", [typeof(char)] = "char",
        [typeof(nint)] = "nint", [typeof(nuint)] = "nuint",
    };

    /// <summary>The declaration name of a type: full name, nested types joined by '.', generic parameters spelled out.</summary>
    public static string Declaration(Type type)
    {
        var prefix = type.IsNested ? Declaration(type.DeclaringType!) + "." : (type.Namespace is { } ns ? ns + "." : string.Empty);
        return prefix + WithGenericParameters(type);
    }

    /// <summary>A type in a signature, with the nullability <paramref name="info"/> read for it (null: oblivious).</summary>
    public static string Use(Type type, NullabilityInfo? info)
    {
        if (type.IsByRef)
        {
            return Use(type.GetElementType()!, info?.ElementType ?? info);
        }

        if (type.IsPointer)
        {
            return Use(type.GetElementType()!, null) + "*";
        }

        if (type.IsArray)
        {
            var rank = type.GetArrayRank();
            return Use(type.GetElementType()!, info?.ElementType) + "[" + new string(',', rank - 1) + "]" + Mark(type, info);
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            var inner = info is { GenericTypeArguments.Length: 1 } ? info.GenericTypeArguments[0] : null;
            return Use(underlying, inner) + "?";
        }

        if (type.IsGenericParameter)
        {
            return type.Name + Mark(type, info);
        }

        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword + Mark(type, info);
        }

        var name = Plain(type);
        if (type.IsGenericType)
        {
            var args = type.GetGenericArguments();
            var infos = info?.GenericTypeArguments;
            string Arg(int i) => Use(args[i], infos is not null && infos.Length == args.Length ? infos[i] : null);
            var outerCount = type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0;
            if (outerCount > 0)
            {
                // List<T>.Enumerator: the declaring type's arguments belong to it.
                var outer = StripArity(Plain(type.DeclaringType!)) + "<" + string.Join(", ", Enumerable.Range(0, outerCount).Select(Arg)) + ">";
                name = outer + "." + StripArity(type.Name);
            }
            else
            {
                name = StripArity(name);
            }

            if (args.Length > outerCount)
            {
                name += "<" + string.Join(", ", Enumerable.Range(outerCount, args.Length - outerCount).Select(Arg)) + ">";
            }
        }

        return name + Mark(type, info);
    }

    private static string Plain(Type type) =>
        type.IsNested ? StripArity(Plain(type.DeclaringType!)) + "." + type.Name : (type.Namespace is { } ns ? ns + "." : string.Empty) + type.Name;

    private static string WithGenericParameters(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var all = type.GetGenericArguments();
        var own = type.IsNested ? all.Skip(type.DeclaringType!.GetGenericArguments().Length).ToArray() : all;
        return own.Length == 0 ? StripArity(type.Name) : StripArity(type.Name) + "<" + string.Join(", ", own.Select(GenericParameter)) + ">";
    }

    /// <summary>A generic parameter with its variance (<c>out T</c>).</summary>
    public static string GenericParameter(Type parameter)
    {
        var variance = parameter.GenericParameterAttributes & GenericParameterAttributes.VarianceMask;
        return variance switch
        {
            GenericParameterAttributes.Covariant => "out ",
            GenericParameterAttributes.Contravariant => "in ",
            _ => string.Empty,
        } + parameter.Name;
    }

    /// <summary>The <c>where</c> clauses of generic parameters, or an empty string.</summary>
    public static string Constraints(IEnumerable<Type> parameters)
    {
        var clauses = new List<string>();
        foreach (var p in parameters)
        {
            var parts = new List<string>();
            var attrs = p.GenericParameterAttributes;
            if (attrs.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint))
            {
                parts.Add("class");
            }

            if (attrs.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                parts.Add("struct");
            }

            parts.AddRange(p.GetGenericParameterConstraints().Where(c => c != typeof(ValueType)).Select(c => Use(c, null)).Order(StringComparer.Ordinal));
            if (attrs.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint) && !attrs.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                parts.Add("new()");
            }

            if (parts.Count > 0)
            {
                clauses.Add(" where " + p.Name + " : " + string.Join(", ", parts));
            }
        }

        return string.Concat(clauses);
    }

    private static string StripArity(string name)
    {
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    private static string Mark(Type type, NullabilityInfo? info)
    {
        if (type.IsValueType || info is null)
        {
            return string.Empty;
        }

        return info.ReadState switch
        {
            NullabilityState.NotNull => "!",
            NullabilityState.Nullable => "?",
            _ => string.Empty,
        };
    }
}
