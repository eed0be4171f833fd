using System.Collections;
using System.Reflection;
using PureHDF.VOL.Native;

namespace Reservoir.Formats.Hdf5;

/// <summary>Where one stored chunk lies in the file, as its dataset's chunk index records it.</summary>
internal readonly record struct StoredChunk(long Address, long Size, uint FilterMask);

/// <summary>
/// Looks up stored chunks through PureHDF's own chunk index readers (v1 B-tree, fixed/extensible array,
/// v2 B-tree, single chunk), which PureHDF 2.2 does not expose publicly, and reports the dataset's filter
/// pipeline. Reached by reflection against the pinned PureHDF version: <see cref="TryCreate"/> returns
/// null when those internals are not there, and the caller falls back to PureHDF's own read path.
/// </summary>
internal sealed class PureHdfChunkIndex : IDisposable
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private readonly IDisposable _chunk;
    private readonly MethodInfo _getReadChunkInfo;
    private readonly PropertyInfo _address;
    private readonly PropertyInfo _size;
    private readonly PropertyInfo _filterMask;

    private PureHdfChunkIndex(IDisposable chunk, MethodInfo getReadChunkInfo, Type infoType, IReadOnlyList<(ushort Id, uint[] Parameters)> filters, bool littleEndian)
    {
        LittleEndian = littleEndian;
        _chunk = chunk;
        _getReadChunkInfo = getReadChunkInfo;
        _address = infoType.GetProperty("Address", Any)!;
        _size = infoType.GetProperty("Size", Any)!;
        _filterMask = infoType.GetProperty("FilterMask", Any)!;
        Filters = filters;
    }

    /// <summary>The dataset's filter pipeline in order: filter id and its client data (HDF5 cd_values).</summary>
    public IReadOnlyList<(ushort Id, uint[] Parameters)> Filters { get; }

    /// <summary>True when the element type is stored little-endian (PureHDF keeps the byte order internal).</summary>
    public bool LittleEndian { get; }

    /// <summary>The index of a chunked dataset, or null (not chunked, a non-zero base address, other PureHDF internals).</summary>
    public static PureHdfChunkIndex? TryCreate(NativeDataset dataset)
    {
        try
        {
            var assembly = typeof(NativeDataset).Assembly;
            var chunkType = assembly.GetType("PureHDF.VOL.Native.H5D_Chunk");
            var datasetInfoType = assembly.GetType("PureHDF.VOL.Native.DatasetInfo");
            if (chunkType is null || datasetInfoType is null || dataset.Layout.Class != PureHDF.H5DataLayoutClass.Chunked) return null;
            var context = Get(dataset, "Context");
            if (context is null || Get(Get(context, "Superblock"), "BaseAddress") is not 0UL) return null;

            var pipeline = Get(dataset, "InternalFilterPipeline");
            var info = Activator.CreateInstance(datasetInfoType, Any, null,
                [Get(dataset, "InternalDataspace"), Get(dataset, "InternalDataType"), Get(dataset, "InternalDataLayout"),
                 Get(dataset, "InternalFillValue"), pipeline, Get(dataset, "InternalExternalFileList")], null);
            var create = chunkType.GetMethod("Create", Any);
            var getInfo = chunkType.GetMethod("GetReadChunkInfo", Any, [typeof(ulong)]);
            if (create is null || getInfo is null) return null;
            if (create.Invoke(null, [context, null, info, new H5DatasetAccess(), new H5DatasetCreation()]) is not IDisposable chunk) return null;
            chunkType.GetMethod("Initialize", Any)!.Invoke(chunk, null);
            var byteOrder = Get(Get(Get(dataset, "InternalDataType"), "BitField"), "ByteOrder")?.ToString();
            return new PureHdfChunkIndex(chunk, getInfo, getInfo.ReturnType, ReadFilters(pipeline), byteOrder == "LittleEndian");
        }
        catch (Exception e) when (e is TargetInvocationException or MemberAccessException or ArgumentException or NullReferenceException or InvalidCastException or MissingMemberException)
        {
            return null;
        }
    }

    /// <summary>The chunk at a row-major position in the chunk grid; null when it was never written (fill value).</summary>
    public StoredChunk? Locate(long linearIndex)
    {
        object info;
        try { info = _getReadChunkInfo.Invoke(_chunk, [(ulong)linearIndex])!; }
        catch (TargetInvocationException e) when (e.InnerException is not null) { throw e.InnerException; }
        var address = (ulong)_address.GetValue(info)!;
        var size = (ulong)_size.GetValue(info)!;
        if (address >= long.MaxValue || size == 0) return null;
        if (size > int.MaxValue) throw new InvalidDataException($"chunk {linearIndex} at byte {address} claims {size} stored bytes");
        return new StoredChunk((long)address, (long)size, (uint)_filterMask.GetValue(info)!);
    }

    public void Dispose() => _chunk.Dispose();

    private static List<(ushort, uint[])> ReadFilters(object? pipeline)
    {
        var filters = new List<(ushort, uint[])>();
        if (Get(pipeline, "FilterDescriptions") is not IEnumerable descriptions) return filters;
        foreach (var description in descriptions)
            filters.Add((Convert.ToUInt16(Get(description, "Identifier")), Get(description, "ClientData") as uint[] ?? []));
        return filters;
    }

    private static object? Get(object? target, string property) =>
        target?.GetType().GetProperty(property, Any)?.GetValue(target);
}
