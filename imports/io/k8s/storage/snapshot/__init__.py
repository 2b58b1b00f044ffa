from __future__ import annotations

from pkgutil import extend_path
__path__ = extend_path(__path__, __name__)

import abc
import builtins
import datetime
import enum
import typing

import jsii
import publication
import typing_extensions

from jsii._type_checking import cached_type_hints, check_type


from ._jsii import *

class _LazyImport:
    def __init__(self, module_name: str) -> None:
        self._module_name = module_name
        self._module: typing.Any = None
    def __getattr__(self, name: str) -> typing.Any:
        if self._module is None:
            import importlib
            self._module = importlib.import_module(self._module_name)
        return getattr(self._module, name)

if typing.TYPE_CHECKING:

    import cdk8s as _cdk8s_d3d9af27
    import constructs as _constructs_77d1e7e8
else:

    _cdk8s_d3d9af27 = _LazyImport("cdk8s")
    _constructs_77d1e7e8 = _LazyImport("constructs")


class VolumeSnapshot(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="iok8sstoragesnapshot.VolumeSnapshot",
):
    '''VolumeSnapshot is a user's request for either creating a point-in-time snapshot of a persistent volume, or binding to a pre-existing snapshot.

    :schema: VolumeSnapshot
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        spec: typing.Union["VolumeSnapshotSpec", typing.Dict[builtins.str, typing.Any]],
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "VolumeSnapshot" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param spec: spec defines the desired characteristics of a snapshot requested by a user. More info: https://kubernetes.io/docs/concepts/storage/volume-snapshots#volumesnapshots Required.
        :param metadata: 
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__10475c4ba81add9a86a036d8b67510dfb1abc207a7bf081ef64617d2f19a0f6c)
            check_type(argname="argument scope", value=scope, expected_type=type_hints["scope"])
            check_type(argname="argument id", value=id, expected_type=type_hints["id"])
        props = VolumeSnapshotProps(spec=spec, metadata=metadata)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        spec: typing.Union["VolumeSnapshotSpec", typing.Dict[builtins.str, typing.Any]],
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "VolumeSnapshot".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param spec: spec defines the desired characteristics of a snapshot requested by a user. More info: https://kubernetes.io/docs/concepts/storage/volume-snapshots#volumesnapshots Required.
        :param metadata: 
        '''
        props = VolumeSnapshotProps(spec=spec, metadata=metadata)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "VolumeSnapshot".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


@jsii.data_type(
    jsii_type="iok8sstoragesnapshot.VolumeSnapshotProps",
    jsii_struct_bases=[],
    name_mapping={"spec": "spec", "metadata": "metadata"},
)
class VolumeSnapshotProps:
    def __init__(
        self,
        *,
        spec: typing.Union["VolumeSnapshotSpec", typing.Dict[builtins.str, typing.Any]],
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''VolumeSnapshot is a user's request for either creating a point-in-time snapshot of a persistent volume, or binding to a pre-existing snapshot.

        :param spec: spec defines the desired characteristics of a snapshot requested by a user. More info: https://kubernetes.io/docs/concepts/storage/volume-snapshots#volumesnapshots Required.
        :param metadata: 

        :schema: VolumeSnapshot
        '''
        if isinstance(spec, dict):
            spec = VolumeSnapshotSpec(**spec)
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__d047d614fb6628f84f1f242a3484961507ac8698f028a117098e93332ef3f1ae)
            check_type(argname="argument spec", value=spec, expected_type=type_hints["spec"])
            check_type(argname="argument metadata", value=metadata, expected_type=type_hints["metadata"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "spec": spec,
        }
        if metadata is not None:
            self._values["metadata"] = metadata

    @builtins.property
    def spec(self) -> "VolumeSnapshotSpec":
        '''spec defines the desired characteristics of a snapshot requested by a user.

        More info: https://kubernetes.io/docs/concepts/storage/volume-snapshots#volumesnapshots
        Required.

        :schema: VolumeSnapshot#spec
        '''
        result = self._values.get("spec")
        assert result is not None, "Required property 'spec' is missing"
        return typing.cast("VolumeSnapshotSpec", result)

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: VolumeSnapshot#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast(typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "VolumeSnapshotProps(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iok8sstoragesnapshot.VolumeSnapshotSpec",
    jsii_struct_bases=[],
    name_mapping={
        "source": "source",
        "volume_snapshot_class_name": "volumeSnapshotClassName",
    },
)
class VolumeSnapshotSpec:
    def __init__(
        self,
        *,
        source: typing.Union["VolumeSnapshotSpecSource", typing.Dict[builtins.str, typing.Any]],
        volume_snapshot_class_name: typing.Optional[builtins.str] = None,
    ) -> None:
        '''spec defines the desired characteristics of a snapshot requested by a user.

        More info: https://kubernetes.io/docs/concepts/storage/volume-snapshots#volumesnapshots
        Required.

        :param source: source specifies where a snapshot will be created from. This field is immutable after creation. Required.
        :param volume_snapshot_class_name: VolumeSnapshotClassName is the name of the VolumeSnapshotClass requested by the VolumeSnapshot. VolumeSnapshotClassName may be left nil to indicate that the default SnapshotClass should be used. A given cluster may have multiple default Volume SnapshotClasses: one default per CSI Driver. If a VolumeSnapshot does not specify a SnapshotClass, VolumeSnapshotSource will be checked to figure out what the associated CSI Driver is, and the default VolumeSnapshotClass associated with that CSI Driver will be used. If more than one VolumeSnapshotClass exist for a given CSI Driver and more than one have been marked as default, CreateSnapshot will fail and generate an event. Empty string is not allowed for this field.

        :schema: VolumeSnapshotSpec
        '''
        if isinstance(source, dict):
            source = VolumeSnapshotSpecSource(**source)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__2a4450cd4a786d3c2a94abb186e4448e2d759b3729875ac5eb66532debc50a40)
            check_type(argname="argument source", value=source, expected_type=type_hints["source"])
            check_type(argname="argument volume_snapshot_class_name", value=volume_snapshot_class_name, expected_type=type_hints["volume_snapshot_class_name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "source": source,
        }
        if volume_snapshot_class_name is not None:
            self._values["volume_snapshot_class_name"] = volume_snapshot_class_name

    @builtins.property
    def source(self) -> "VolumeSnapshotSpecSource":
        '''source specifies where a snapshot will be created from.

        This field is immutable after creation.
        Required.

        :schema: VolumeSnapshotSpec#source
        '''
        result = self._values.get("source")
        assert result is not None, "Required property 'source' is missing"
        return typing.cast("VolumeSnapshotSpecSource", result)

    @builtins.property
    def volume_snapshot_class_name(self) -> typing.Optional[builtins.str]:
        '''VolumeSnapshotClassName is the name of the VolumeSnapshotClass requested by the VolumeSnapshot.

        VolumeSnapshotClassName may be left nil to indicate that the default
        SnapshotClass should be used.
        A given cluster may have multiple default Volume SnapshotClasses: one
        default per CSI Driver. If a VolumeSnapshot does not specify a SnapshotClass,
        VolumeSnapshotSource will be checked to figure out what the associated
        CSI Driver is, and the default VolumeSnapshotClass associated with that
        CSI Driver will be used. If more than one VolumeSnapshotClass exist for
        a given CSI Driver and more than one have been marked as default,
        CreateSnapshot will fail and generate an event.
        Empty string is not allowed for this field.

        :schema: VolumeSnapshotSpec#volumeSnapshotClassName
        '''
        result = self._values.get("volume_snapshot_class_name")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "VolumeSnapshotSpec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iok8sstoragesnapshot.VolumeSnapshotSpecSource",
    jsii_struct_bases=[],
    name_mapping={
        "persistent_volume_claim_name": "persistentVolumeClaimName",
        "volume_snapshot_content_name": "volumeSnapshotContentName",
    },
)
class VolumeSnapshotSpecSource:
    def __init__(
        self,
        *,
        persistent_volume_claim_name: typing.Optional[builtins.str] = None,
        volume_snapshot_content_name: typing.Optional[builtins.str] = None,
    ) -> None:
        '''source specifies where a snapshot will be created from.

        This field is immutable after creation.
        Required.

        :param persistent_volume_claim_name: persistentVolumeClaimName specifies the name of the PersistentVolumeClaim object representing the volume from which a snapshot should be created. This PVC is assumed to be in the same namespace as the VolumeSnapshot object. This field should be set if the snapshot does not exists, and needs to be created. This field is immutable.
        :param volume_snapshot_content_name: volumeSnapshotContentName specifies the name of a pre-existing VolumeSnapshotContent object representing an existing volume snapshot. This field should be set if the snapshot already exists and only needs a representation in Kubernetes. This field is immutable.

        :schema: VolumeSnapshotSpecSource
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__40b96469028b099e97af1f3d5be0b852a72fc8d2806dca674d9cd2a491167510)
            check_type(argname="argument persistent_volume_claim_name", value=persistent_volume_claim_name, expected_type=type_hints["persistent_volume_claim_name"])
            check_type(argname="argument volume_snapshot_content_name", value=volume_snapshot_content_name, expected_type=type_hints["volume_snapshot_content_name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if persistent_volume_claim_name is not None:
            self._values["persistent_volume_claim_name"] = persistent_volume_claim_name
        if volume_snapshot_content_name is not None:
            self._values["volume_snapshot_content_name"] = volume_snapshot_content_name

    @builtins.property
    def persistent_volume_claim_name(self) -> typing.Optional[builtins.str]:
        '''persistentVolumeClaimName specifies the name of the PersistentVolumeClaim object representing the volume from which a snapshot should be created.

        This PVC is assumed to be in the same namespace as the VolumeSnapshot
        object.
        This field should be set if the snapshot does not exists, and needs to be
        created.
        This field is immutable.

        :schema: VolumeSnapshotSpecSource#persistentVolumeClaimName
        '''
        result = self._values.get("persistent_volume_claim_name")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def volume_snapshot_content_name(self) -> typing.Optional[builtins.str]:
        '''volumeSnapshotContentName specifies the name of a pre-existing VolumeSnapshotContent object representing an existing volume snapshot.

        This field should be set if the snapshot already exists and only needs a representation in Kubernetes.
        This field is immutable.

        :schema: VolumeSnapshotSpecSource#volumeSnapshotContentName
        '''
        result = self._values.get("volume_snapshot_content_name")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "VolumeSnapshotSpecSource(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


class VolumeSnapshotV1Beta1(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="iok8sstoragesnapshot.VolumeSnapshotV1Beta1",
):
    '''VolumeSnapshot is a user's request for either creating a point-in-time snapshot of a persistent volume, or binding to a pre-existing snapshot.

    :schema: VolumeSnapshotV1Beta1
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        spec: typing.Union["VolumeSnapshotV1Beta1Spec", typing.Dict[builtins.str, typing.Any]],
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "VolumeSnapshotV1Beta1" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param spec: spec defines the desired characteristics of a snapshot requested by a user. More info: https://kubernetes.io/docs/concepts/storage/volume-snapshots#volumesnapshots Required.
        :param metadata: 
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__371d0f8d6619a5402cc500d1df0ff2d7c54118583a56652e805464131f5f3c97)
            check_type(argname="argument scope", value=scope, expected_type=type_hints["scope"])
            check_type(argname="argument id", value=id, expected_type=type_hints["id"])
        props = VolumeSnapshotV1Beta1Props(spec=spec, metadata=metadata)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        spec: typing.Union["VolumeSnapshotV1Beta1Spec", typing.Dict[builtins.str, typing.Any]],
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "VolumeSnapshotV1Beta1".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param spec: spec defines the desired characteristics of a snapshot requested by a user. More info: https://kubernetes.io/docs/concepts/storage/volume-snapshots#volumesnapshots Required.
        :param metadata: 
        '''
        props = VolumeSnapshotV1Beta1Props(spec=spec, metadata=metadata)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "VolumeSnapshotV1Beta1".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


@jsii.data_type(
    jsii_type="iok8sstoragesnapshot.VolumeSnapshotV1Beta1Props",
    jsii_struct_bases=[],
    name_mapping={"spec": "spec", "metadata": "metadata"},
)
class VolumeSnapshotV1Beta1Props:
    def __init__(
        self,
        *,
        spec: typing.Union["VolumeSnapshotV1Beta1Spec", typing.Dict[builtins.str, typing.Any]],
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''VolumeSnapshot is a user's request for either creating a point-in-time snapshot of a persistent volume, or binding to a pre-existing snapshot.

        :param spec: spec defines the desired characteristics of a snapshot requested by a user. More info: https://kubernetes.io/docs/concepts/storage/volume-snapshots#volumesnapshots Required.
        :param metadata: 

        :schema: VolumeSnapshotV1Beta1
        '''
        if isinstance(spec, dict):
            spec = VolumeSnapshotV1Beta1Spec(**spec)
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__18f3aba35aba0cdd033a8f01b4ca4cf1a47f3b6cd688814e8abd208953c11bcd)
            check_type(argname="argument spec", value=spec, expected_type=type_hints["spec"])
            check_type(argname="argument metadata", value=metadata, expected_type=type_hints["metadata"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "spec": spec,
        }
        if metadata is not None:
            self._values["metadata"] = metadata

    @builtins.property
    def spec(self) -> "VolumeSnapshotV1Beta1Spec":
        '''spec defines the desired characteristics of a snapshot requested by a user.

        More info: https://kubernetes.io/docs/concepts/storage/volume-snapshots#volumesnapshots Required.

        :schema: VolumeSnapshotV1Beta1#spec
        '''
        result = self._values.get("spec")
        assert result is not None, "Required property 'spec' is missing"
        return typing.cast("VolumeSnapshotV1Beta1Spec", result)

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: VolumeSnapshotV1Beta1#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast(typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "VolumeSnapshotV1Beta1Props(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iok8sstoragesnapshot.VolumeSnapshotV1Beta1Spec",
    jsii_struct_bases=[],
    name_mapping={
        "source": "source",
        "volume_snapshot_class_name": "volumeSnapshotClassName",
    },
)
class VolumeSnapshotV1Beta1Spec:
    def __init__(
        self,
        *,
        source: typing.Union["VolumeSnapshotV1Beta1SpecSource", typing.Dict[builtins.str, typing.Any]],
        volume_snapshot_class_name: typing.Optional[builtins.str] = None,
    ) -> None:
        '''spec defines the desired characteristics of a snapshot requested by a user.

        More info: https://kubernetes.io/docs/concepts/storage/volume-snapshots#volumesnapshots Required.

        :param source: source specifies where a snapshot will be created from. This field is immutable after creation. Required.
        :param volume_snapshot_class_name: VolumeSnapshotClassName is the name of the VolumeSnapshotClass requested by the VolumeSnapshot. VolumeSnapshotClassName may be left nil to indicate that the default SnapshotClass should be used. A given cluster may have multiple default Volume SnapshotClasses: one default per CSI Driver. If a VolumeSnapshot does not specify a SnapshotClass, VolumeSnapshotSource will be checked to figure out what the associated CSI Driver is, and the default VolumeSnapshotClass associated with that CSI Driver will be used. If more than one VolumeSnapshotClass exist for a given CSI Driver and more than one have been marked as default, CreateSnapshot will fail and generate an event. Empty string is not allowed for this field.

        :schema: VolumeSnapshotV1Beta1Spec
        '''
        if isinstance(source, dict):
            source = VolumeSnapshotV1Beta1SpecSource(**source)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__312f37968caf5abd0e449623fb1700c23b99de109bf1388c957069ac41d82968)
            check_type(argname="argument source", value=source, expected_type=type_hints["source"])
            check_type(argname="argument volume_snapshot_class_name", value=volume_snapshot_class_name, expected_type=type_hints["volume_snapshot_class_name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "source": source,
        }
        if volume_snapshot_class_name is not None:
            self._values["volume_snapshot_class_name"] = volume_snapshot_class_name

    @builtins.property
    def source(self) -> "VolumeSnapshotV1Beta1SpecSource":
        '''source specifies where a snapshot will be created from.

        This field is immutable after creation. Required.

        :schema: VolumeSnapshotV1Beta1Spec#source
        '''
        result = self._values.get("source")
        assert result is not None, "Required property 'source' is missing"
        return typing.cast("VolumeSnapshotV1Beta1SpecSource", result)

    @builtins.property
    def volume_snapshot_class_name(self) -> typing.Optional[builtins.str]:
        '''VolumeSnapshotClassName is the name of the VolumeSnapshotClass requested by the VolumeSnapshot.

        VolumeSnapshotClassName may be left nil to indicate that the default SnapshotClass should be used. A given cluster may have multiple default Volume SnapshotClasses: one default per CSI Driver. If a VolumeSnapshot does not specify a SnapshotClass, VolumeSnapshotSource will be checked to figure out what the associated CSI Driver is, and the default VolumeSnapshotClass associated with that CSI Driver will be used. If more than one VolumeSnapshotClass exist for a given CSI Driver and more than one have been marked as default, CreateSnapshot will fail and generate an event. Empty string is not allowed for this field.

        :schema: VolumeSnapshotV1Beta1Spec#volumeSnapshotClassName
        '''
        result = self._values.get("volume_snapshot_class_name")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "VolumeSnapshotV1Beta1Spec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="iok8sstoragesnapshot.VolumeSnapshotV1Beta1SpecSource",
    jsii_struct_bases=[],
    name_mapping={
        "persistent_volume_claim_name": "persistentVolumeClaimName",
        "volume_snapshot_content_name": "volumeSnapshotContentName",
    },
)
class VolumeSnapshotV1Beta1SpecSource:
    def __init__(
        self,
        *,
        persistent_volume_claim_name: typing.Optional[builtins.str] = None,
        volume_snapshot_content_name: typing.Optional[builtins.str] = None,
    ) -> None:
        '''source specifies where a snapshot will be created from.

        This field is immutable after creation. Required.

        :param persistent_volume_claim_name: persistentVolumeClaimName specifies the name of the PersistentVolumeClaim object representing the volume from which a snapshot should be created. This PVC is assumed to be in the same namespace as the VolumeSnapshot object. This field should be set if the snapshot does not exists, and needs to be created. This field is immutable.
        :param volume_snapshot_content_name: volumeSnapshotContentName specifies the name of a pre-existing VolumeSnapshotContent object representing an existing volume snapshot. This field should be set if the snapshot already exists and only needs a representation in Kubernetes. This field is immutable.

        :schema: VolumeSnapshotV1Beta1SpecSource
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__4715dfde048d1c266a4b8b7b0fe05cf46456ce422744b5b520b43a302d2ea9d8)
            check_type(argname="argument persistent_volume_claim_name", value=persistent_volume_claim_name, expected_type=type_hints["persistent_volume_claim_name"])
            check_type(argname="argument volume_snapshot_content_name", value=volume_snapshot_content_name, expected_type=type_hints["volume_snapshot_content_name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if persistent_volume_claim_name is not None:
            self._values["persistent_volume_claim_name"] = persistent_volume_claim_name
        if volume_snapshot_content_name is not None:
            self._values["volume_snapshot_content_name"] = volume_snapshot_content_name

    @builtins.property
    def persistent_volume_claim_name(self) -> typing.Optional[builtins.str]:
        '''persistentVolumeClaimName specifies the name of the PersistentVolumeClaim object representing the volume from which a snapshot should be created.

        This PVC is assumed to be in the same namespace as the VolumeSnapshot object. This field should be set if the snapshot does not exists, and needs to be created. This field is immutable.

        :schema: VolumeSnapshotV1Beta1SpecSource#persistentVolumeClaimName
        '''
        result = self._values.get("persistent_volume_claim_name")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def volume_snapshot_content_name(self) -> typing.Optional[builtins.str]:
        '''volumeSnapshotContentName specifies the name of a pre-existing VolumeSnapshotContent object representing an existing volume snapshot.

        This field should be set if the snapshot already exists and only needs a representation in Kubernetes. This field is immutable.

        :schema: VolumeSnapshotV1Beta1SpecSource#volumeSnapshotContentName
        '''
        result = self._values.get("volume_snapshot_content_name")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "VolumeSnapshotV1Beta1SpecSource(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


__all__ = [
    "VolumeSnapshot",
    "VolumeSnapshotProps",
    "VolumeSnapshotSpec",
    "VolumeSnapshotSpecSource",
    "VolumeSnapshotV1Beta1",
    "VolumeSnapshotV1Beta1Props",
    "VolumeSnapshotV1Beta1Spec",
    "VolumeSnapshotV1Beta1SpecSource",
]

publication.publish()

def _typecheckingstub__10475c4ba81add9a86a036d8b67510dfb1abc207a7bf081ef64617d2f19a0f6c(
    scope: _constructs_77d1e7e8.Construct,
    id: builtins.str,
    *,
    spec: typing.Union[VolumeSnapshotSpec, typing.Dict[builtins.str, typing.Any]],
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__d047d614fb6628f84f1f242a3484961507ac8698f028a117098e93332ef3f1ae(
    *,
    spec: typing.Union[VolumeSnapshotSpec, typing.Dict[builtins.str, typing.Any]],
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__2a4450cd4a786d3c2a94abb186e4448e2d759b3729875ac5eb66532debc50a40(
    *,
    source: typing.Union[VolumeSnapshotSpecSource, typing.Dict[builtins.str, typing.Any]],
    volume_snapshot_class_name: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__40b96469028b099e97af1f3d5be0b852a72fc8d2806dca674d9cd2a491167510(
    *,
    persistent_volume_claim_name: typing.Optional[builtins.str] = None,
    volume_snapshot_content_name: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__371d0f8d6619a5402cc500d1df0ff2d7c54118583a56652e805464131f5f3c97(
    scope: _constructs_77d1e7e8.Construct,
    id: builtins.str,
    *,
    spec: typing.Union[VolumeSnapshotV1Beta1Spec, typing.Dict[builtins.str, typing.Any]],
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__18f3aba35aba0cdd033a8f01b4ca4cf1a47f3b6cd688814e8abd208953c11bcd(
    *,
    spec: typing.Union[VolumeSnapshotV1Beta1Spec, typing.Dict[builtins.str, typing.Any]],
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__312f37968caf5abd0e449623fb1700c23b99de109bf1388c957069ac41d82968(
    *,
    source: typing.Union[VolumeSnapshotV1Beta1SpecSource, typing.Dict[builtins.str, typing.Any]],
    volume_snapshot_class_name: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__4715dfde048d1c266a4b8b7b0fe05cf46456ce422744b5b520b43a302d2ea9d8(
    *,
    persistent_volume_claim_name: typing.Optional[builtins.str] = None,
    volume_snapshot_content_name: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass
