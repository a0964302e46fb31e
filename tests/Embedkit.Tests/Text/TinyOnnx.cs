using System.Text;

namespace Embedkit.Tests.Text;

/// <summary>
/// Writes tiny ONNX models by hand (protobuf wire format of onnx.proto: ModelProto, GraphProto, NodeProto,
/// ValueInfoProto), to test how the encoder treats models it cannot use.
/// </summary>
internal static class TinyOnnx
{
    private const int Int64 = 7, Float = 1;

    /// <summary>
    /// A model with inputs input_ids and attention_mask (int64 [b, s]) whose only output is
    /// <c>Cast(input_ids)</c>, float [b, s]: rank 2, so not token embeddings.
    /// </summary>
    public static byte[] PooledOutputModel()
    {
        byte[] node = Concat(Str(1, "input_ids"), Str(2, "pooled"), Str(3, "cast"), Str(4, "Cast"),
            Message(5, Concat(Str(1, "to"), Varint(3, Float), Varint(20, 2)))); // attribute to = FLOAT (type INT)
        byte[] graph = Concat(Message(1, node), Str(2, "g"),
            Message(11, ValueInfo("input_ids", Int64)), Message(11, ValueInfo("attention_mask", Int64)),
            Message(12, ValueInfo("pooled", Float)));
        return Concat(Varint(1, 8), Str(2, "embedkit-tests"), Message(7, graph), Message(8, Concat(Str(1, ""), Varint(2, 13))));
    }

    private static byte[] ValueInfo(string name, int elementType)
    {
        byte[] shape = Concat(Message(1, Str(2, "batch")), Message(1, Str(2, "sequence")));
        byte[] tensor = Concat(Varint(1, elementType), Message(2, shape));
        return Concat(Str(1, name), Message(2, Message(1, tensor)));
    }

    private static byte[] Varint(int field, long value) => Concat(Key(field, 0), Raw((ulong)value));

    private static byte[] Str(int field, string value) => Message(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Message(int field, byte[] body) => Concat(Key(field, 2), Raw((ulong)body.Length), body);

    private static byte[] Key(int field, int wire) => Raw((ulong)(field << 3 | wire));

    private static byte[] Raw(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        } while (value != 0);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
