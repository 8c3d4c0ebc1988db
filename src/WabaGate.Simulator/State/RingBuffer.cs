namespace WabaGate.Simulator.State;

/// <summary>Keeps the last <c>capacity</c> items; not thread-safe (callers hold the state lock).</summary>
internal sealed class RingBuffer<T>(int capacity)
{
    private readonly Queue<T> _items = new();

    public int Count => _items.Count;

    public void Add(T item)
    {
        while (_items.Count >= Math.Max(1, capacity)) _items.Dequeue();
        _items.Enqueue(item);
    }

    public List<T> ToList() => [.. _items];
}
