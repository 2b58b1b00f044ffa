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


class HttpScaledObject(
    _cdk8s_d3d9af27.ApiObject,
    metaclass=jsii.JSIIMeta,
    jsii_type="shkedahttp.HttpScaledObject",
):
    '''HTTPScaledObject is the Schema for the httpscaledobjects API.

    :schema: HTTPScaledObject
    '''

    def __init__(
        self,
        scope: "_constructs_77d1e7e8.Construct",
        id: builtins.str,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["HttpScaledObjectSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''Defines a "HTTPScaledObject" API object.

        :param scope: the scope in which to define this object.
        :param id: a scope-local name for the object.
        :param metadata: 
        :param spec: HTTPScaledObjectSpec defines the desired state of HTTPScaledObject.
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__0392b9bc93a17e0aa0b6e2224f7e205dd9b9684258b35d4dfbbb6f61705f352c)
            check_type(argname="argument scope", value=scope, expected_type=type_hints["scope"])
            check_type(argname="argument id", value=id, expected_type=type_hints["id"])
        props = HttpScaledObjectProps(metadata=metadata, spec=spec)

        jsii.create(self.__class__, self, [scope, id, props])

    @jsii.member(jsii_name="manifest")
    @builtins.classmethod
    def manifest(
        cls,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["HttpScaledObjectSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> typing.Any:
        '''Renders a Kubernetes manifest for "HTTPScaledObject".

        This can be used to inline resource manifests inside other objects (e.g. as templates).

        :param metadata: 
        :param spec: HTTPScaledObjectSpec defines the desired state of HTTPScaledObject.
        '''
        props = HttpScaledObjectProps(metadata=metadata, spec=spec)

        return typing.cast(typing.Any, jsii.sinvoke(cls, "manifest", [props]))

    @jsii.member(jsii_name="toJson")
    def to_json(self) -> typing.Any:
        '''Renders the object to Kubernetes JSON.'''
        return typing.cast(typing.Any, jsii.invoke(self, "toJson", []))

    @jsii.python.classproperty
    @jsii.member(jsii_name="GVK")
    def GVK(cls) -> "_cdk8s_d3d9af27.GroupVersionKind":
        '''Returns the apiVersion and kind for "HTTPScaledObject".'''
        return typing.cast("_cdk8s_d3d9af27.GroupVersionKind", jsii.sget(cls, "GVK"))


@jsii.data_type(
    jsii_type="shkedahttp.HttpScaledObjectProps",
    jsii_struct_bases=[],
    name_mapping={"metadata": "metadata", "spec": "spec"},
)
class HttpScaledObjectProps:
    def __init__(
        self,
        *,
        metadata: typing.Optional[typing.Union["_cdk8s_d3d9af27.ApiObjectMetadata", typing.Dict[builtins.str, typing.Any]]] = None,
        spec: typing.Optional[typing.Union["HttpScaledObjectSpec", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''HTTPScaledObject is the Schema for the httpscaledobjects API.

        :param metadata: 
        :param spec: HTTPScaledObjectSpec defines the desired state of HTTPScaledObject.

        :schema: HTTPScaledObject
        '''
        if isinstance(metadata, dict):
            metadata = _cdk8s_d3d9af27.ApiObjectMetadata(**metadata)
        if isinstance(spec, dict):
            spec = HttpScaledObjectSpec(**spec)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__826b08c15b03f15119bd10900b8432e6d90529da36674bb0de1ee6dc27632c20)
            check_type(argname="argument metadata", value=metadata, expected_type=type_hints["metadata"])
            check_type(argname="argument spec", value=spec, expected_type=type_hints["spec"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if metadata is not None:
            self._values["metadata"] = metadata
        if spec is not None:
            self._values["spec"] = spec

    @builtins.property
    def metadata(self) -> typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"]:
        '''
        :schema: HTTPScaledObject#metadata
        '''
        result = self._values.get("metadata")
        return typing.cast(typing.Optional["_cdk8s_d3d9af27.ApiObjectMetadata"], result)

    @builtins.property
    def spec(self) -> typing.Optional["HttpScaledObjectSpec"]:
        '''HTTPScaledObjectSpec defines the desired state of HTTPScaledObject.

        :schema: HTTPScaledObject#spec
        '''
        result = self._values.get("spec")
        return typing.cast(typing.Optional["HttpScaledObjectSpec"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HttpScaledObjectProps(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="shkedahttp.HttpScaledObjectSpec",
    jsii_struct_bases=[],
    name_mapping={
        "scale_target_ref": "scaleTargetRef",
        "cold_start_timeout_failover_ref": "coldStartTimeoutFailoverRef",
        "headers": "headers",
        "hosts": "hosts",
        "initial_cooldown_period": "initialCooldownPeriod",
        "path_prefixes": "pathPrefixes",
        "replicas": "replicas",
        "scaledown_period": "scaledownPeriod",
        "scaling_metric": "scalingMetric",
        "target_pending_requests": "targetPendingRequests",
        "timeouts": "timeouts",
    },
)
class HttpScaledObjectSpec:
    def __init__(
        self,
        *,
        scale_target_ref: typing.Union["HttpScaledObjectSpecScaleTargetRef", typing.Dict[builtins.str, typing.Any]],
        cold_start_timeout_failover_ref: typing.Optional[typing.Union["HttpScaledObjectSpecColdStartTimeoutFailoverRef", typing.Dict[builtins.str, typing.Any]]] = None,
        headers: typing.Optional[typing.Sequence[typing.Union["HttpScaledObjectSpecHeaders", typing.Dict[builtins.str, typing.Any]]]] = None,
        hosts: typing.Optional[typing.Sequence[builtins.str]] = None,
        initial_cooldown_period: typing.Optional[jsii.Number] = None,
        path_prefixes: typing.Optional[typing.Sequence[builtins.str]] = None,
        replicas: typing.Optional[typing.Union["HttpScaledObjectSpecReplicas", typing.Dict[builtins.str, typing.Any]]] = None,
        scaledown_period: typing.Optional[jsii.Number] = None,
        scaling_metric: typing.Optional[typing.Union["HttpScaledObjectSpecScalingMetric", typing.Dict[builtins.str, typing.Any]]] = None,
        target_pending_requests: typing.Optional[jsii.Number] = None,
        timeouts: typing.Optional[typing.Union["HttpScaledObjectSpecTimeouts", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''HTTPScaledObjectSpec defines the desired state of HTTPScaledObject.

        :param scale_target_ref: The name of the deployment to route HTTP requests to (and to autoscale). Including validation as a requirement to define either the PortName or the Port
        :param cold_start_timeout_failover_ref: (optional) The name of the failover service to route HTTP requests to when the target is not available.
        :param headers: The custom headers used to route. Once Hosts and PathPrefixes have been matched, it will look for requests which have headers that match all the headers defined in .spec.headers, it will be routed to the Service and Port specified in the scaleTargetRef. Interceptor will take precedence for most specific header match. If the headers can't be matched, then use first one without .spec.headers supplied If that doesn't exist then routing will fail.
        :param hosts: The hosts to route. All requests which the "Host" header matches any .spec.hosts (and the Request Target matches any .spec.pathPrefixes) will be routed to the Service and Port specified in the scaleTargetRef.
        :param initial_cooldown_period: (optional) Initial period before scaling.
        :param path_prefixes: The paths to route. All requests which the Request Target matches any .spec.pathPrefixes (and the "Host" header matches any .spec.hosts) will be routed to the Service and Port specified in the scaleTargetRef.
        :param replicas: (optional) Replica information.
        :param scaledown_period: (optional) Cooldown period value.
        :param scaling_metric: (optional) Configuration for the metric used for scaling.
        :param target_pending_requests: (optional) DEPRECATED (use ScalingMetric instead) Target metric value.
        :param timeouts: (optional) Timeouts that override the global ones.

        :schema: HttpScaledObjectSpec
        '''
        if isinstance(scale_target_ref, dict):
            scale_target_ref = HttpScaledObjectSpecScaleTargetRef(**scale_target_ref)
        if isinstance(cold_start_timeout_failover_ref, dict):
            cold_start_timeout_failover_ref = HttpScaledObjectSpecColdStartTimeoutFailoverRef(**cold_start_timeout_failover_ref)
        if isinstance(replicas, dict):
            replicas = HttpScaledObjectSpecReplicas(**replicas)
        if isinstance(scaling_metric, dict):
            scaling_metric = HttpScaledObjectSpecScalingMetric(**scaling_metric)
        if isinstance(timeouts, dict):
            timeouts = HttpScaledObjectSpecTimeouts(**timeouts)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__668f12adb698240d8356c333efc4fd2357e70d0118d4fef20666a41c72bc3fe1)
            check_type(argname="argument scale_target_ref", value=scale_target_ref, expected_type=type_hints["scale_target_ref"])
            check_type(argname="argument cold_start_timeout_failover_ref", value=cold_start_timeout_failover_ref, expected_type=type_hints["cold_start_timeout_failover_ref"])
            check_type(argname="argument headers", value=headers, expected_type=type_hints["headers"])
            check_type(argname="argument hosts", value=hosts, expected_type=type_hints["hosts"])
            check_type(argname="argument initial_cooldown_period", value=initial_cooldown_period, expected_type=type_hints["initial_cooldown_period"])
            check_type(argname="argument path_prefixes", value=path_prefixes, expected_type=type_hints["path_prefixes"])
            check_type(argname="argument replicas", value=replicas, expected_type=type_hints["replicas"])
            check_type(argname="argument scaledown_period", value=scaledown_period, expected_type=type_hints["scaledown_period"])
            check_type(argname="argument scaling_metric", value=scaling_metric, expected_type=type_hints["scaling_metric"])
            check_type(argname="argument target_pending_requests", value=target_pending_requests, expected_type=type_hints["target_pending_requests"])
            check_type(argname="argument timeouts", value=timeouts, expected_type=type_hints["timeouts"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "scale_target_ref": scale_target_ref,
        }
        if cold_start_timeout_failover_ref is not None:
            self._values["cold_start_timeout_failover_ref"] = cold_start_timeout_failover_ref
        if headers is not None:
            self._values["headers"] = headers
        if hosts is not None:
            self._values["hosts"] = hosts
        if initial_cooldown_period is not None:
            self._values["initial_cooldown_period"] = initial_cooldown_period
        if path_prefixes is not None:
            self._values["path_prefixes"] = path_prefixes
        if replicas is not None:
            self._values["replicas"] = replicas
        if scaledown_period is not None:
            self._values["scaledown_period"] = scaledown_period
        if scaling_metric is not None:
            self._values["scaling_metric"] = scaling_metric
        if target_pending_requests is not None:
            self._values["target_pending_requests"] = target_pending_requests
        if timeouts is not None:
            self._values["timeouts"] = timeouts

    @builtins.property
    def scale_target_ref(self) -> "HttpScaledObjectSpecScaleTargetRef":
        '''The name of the deployment to route HTTP requests to (and to autoscale).

        Including validation as a requirement to define either the PortName or the Port

        :schema: HttpScaledObjectSpec#scaleTargetRef
        '''
        result = self._values.get("scale_target_ref")
        assert result is not None, "Required property 'scale_target_ref' is missing"
        return typing.cast("HttpScaledObjectSpecScaleTargetRef", result)

    @builtins.property
    def cold_start_timeout_failover_ref(
        self,
    ) -> typing.Optional["HttpScaledObjectSpecColdStartTimeoutFailoverRef"]:
        '''(optional) The name of the failover service to route HTTP requests to when the target is not available.

        :schema: HttpScaledObjectSpec#coldStartTimeoutFailoverRef
        '''
        result = self._values.get("cold_start_timeout_failover_ref")
        return typing.cast(typing.Optional["HttpScaledObjectSpecColdStartTimeoutFailoverRef"], result)

    @builtins.property
    def headers(self) -> typing.Optional[typing.List["HttpScaledObjectSpecHeaders"]]:
        '''The custom headers used to route.

        Once Hosts and PathPrefixes have been matched,
        it will look for requests which have headers that match all the headers defined
        in .spec.headers, it will be routed to the Service and Port specified in
        the scaleTargetRef. Interceptor will take precedence for most specific header match.
        If the headers can't be matched, then use first one without .spec.headers supplied
        If that doesn't exist then routing will fail.

        :schema: HttpScaledObjectSpec#headers
        '''
        result = self._values.get("headers")
        return typing.cast(typing.Optional[typing.List["HttpScaledObjectSpecHeaders"]], result)

    @builtins.property
    def hosts(self) -> typing.Optional[typing.List[builtins.str]]:
        '''The hosts to route.

        All requests which the "Host" header
        matches any .spec.hosts (and the Request Target matches any
        .spec.pathPrefixes) will be routed to the Service and Port specified in
        the scaleTargetRef.

        :schema: HttpScaledObjectSpec#hosts
        '''
        result = self._values.get("hosts")
        return typing.cast(typing.Optional[typing.List[builtins.str]], result)

    @builtins.property
    def initial_cooldown_period(self) -> typing.Optional[jsii.Number]:
        '''(optional) Initial period before scaling.

        :schema: HttpScaledObjectSpec#initialCooldownPeriod
        '''
        result = self._values.get("initial_cooldown_period")
        return typing.cast(typing.Optional[jsii.Number], result)

    @builtins.property
    def path_prefixes(self) -> typing.Optional[typing.List[builtins.str]]:
        '''The paths to route.

        All requests which the Request Target matches any
        .spec.pathPrefixes (and the "Host" header matches any .spec.hosts)
        will be routed to the Service and Port specified in
        the scaleTargetRef.

        :schema: HttpScaledObjectSpec#pathPrefixes
        '''
        result = self._values.get("path_prefixes")
        return typing.cast(typing.Optional[typing.List[builtins.str]], result)

    @builtins.property
    def replicas(self) -> typing.Optional["HttpScaledObjectSpecReplicas"]:
        '''(optional) Replica information.

        :schema: HttpScaledObjectSpec#replicas
        '''
        result = self._values.get("replicas")
        return typing.cast(typing.Optional["HttpScaledObjectSpecReplicas"], result)

    @builtins.property
    def scaledown_period(self) -> typing.Optional[jsii.Number]:
        '''(optional) Cooldown period value.

        :schema: HttpScaledObjectSpec#scaledownPeriod
        '''
        result = self._values.get("scaledown_period")
        return typing.cast(typing.Optional[jsii.Number], result)

    @builtins.property
    def scaling_metric(self) -> typing.Optional["HttpScaledObjectSpecScalingMetric"]:
        '''(optional) Configuration for the metric used for scaling.

        :schema: HttpScaledObjectSpec#scalingMetric
        '''
        result = self._values.get("scaling_metric")
        return typing.cast(typing.Optional["HttpScaledObjectSpecScalingMetric"], result)

    @builtins.property
    def target_pending_requests(self) -> typing.Optional[jsii.Number]:
        '''(optional) DEPRECATED (use ScalingMetric instead) Target metric value.

        :schema: HttpScaledObjectSpec#targetPendingRequests
        '''
        result = self._values.get("target_pending_requests")
        return typing.cast(typing.Optional[jsii.Number], result)

    @builtins.property
    def timeouts(self) -> typing.Optional["HttpScaledObjectSpecTimeouts"]:
        '''(optional) Timeouts that override the global ones.

        :schema: HttpScaledObjectSpec#timeouts
        '''
        result = self._values.get("timeouts")
        return typing.cast(typing.Optional["HttpScaledObjectSpecTimeouts"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HttpScaledObjectSpec(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="shkedahttp.HttpScaledObjectSpecColdStartTimeoutFailoverRef",
    jsii_struct_bases=[],
    name_mapping={
        "service": "service",
        "port": "port",
        "port_name": "portName",
        "timeout_seconds": "timeoutSeconds",
    },
)
class HttpScaledObjectSpecColdStartTimeoutFailoverRef:
    def __init__(
        self,
        *,
        service: builtins.str,
        port: typing.Optional[jsii.Number] = None,
        port_name: typing.Optional[builtins.str] = None,
        timeout_seconds: typing.Optional[jsii.Number] = None,
    ) -> None:
        '''(optional) The name of the failover service to route HTTP requests to when the target is not available.

        :param service: The name of the service to route to.
        :param port: The port to route to.
        :param port_name: The port to route to referenced by name.
        :param timeout_seconds: The timeout in seconds to wait before routing to the failover service (Default 30).

        :schema: HttpScaledObjectSpecColdStartTimeoutFailoverRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__b305cd669a3f335a5f40cde548573aae8be9cfbd02a2d2f8fe67e25646b06783)
            check_type(argname="argument service", value=service, expected_type=type_hints["service"])
            check_type(argname="argument port", value=port, expected_type=type_hints["port"])
            check_type(argname="argument port_name", value=port_name, expected_type=type_hints["port_name"])
            check_type(argname="argument timeout_seconds", value=timeout_seconds, expected_type=type_hints["timeout_seconds"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "service": service,
        }
        if port is not None:
            self._values["port"] = port
        if port_name is not None:
            self._values["port_name"] = port_name
        if timeout_seconds is not None:
            self._values["timeout_seconds"] = timeout_seconds

    @builtins.property
    def service(self) -> builtins.str:
        '''The name of the service to route to.

        :schema: HttpScaledObjectSpecColdStartTimeoutFailoverRef#service
        '''
        result = self._values.get("service")
        assert result is not None, "Required property 'service' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def port(self) -> typing.Optional[jsii.Number]:
        '''The port to route to.

        :schema: HttpScaledObjectSpecColdStartTimeoutFailoverRef#port
        '''
        result = self._values.get("port")
        return typing.cast(typing.Optional[jsii.Number], result)

    @builtins.property
    def port_name(self) -> typing.Optional[builtins.str]:
        '''The port to route to referenced by name.

        :schema: HttpScaledObjectSpecColdStartTimeoutFailoverRef#portName
        '''
        result = self._values.get("port_name")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def timeout_seconds(self) -> typing.Optional[jsii.Number]:
        '''The timeout in seconds to wait before routing to the failover service (Default 30).

        :schema: HttpScaledObjectSpecColdStartTimeoutFailoverRef#timeoutSeconds
        '''
        result = self._values.get("timeout_seconds")
        return typing.cast(typing.Optional[jsii.Number], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HttpScaledObjectSpecColdStartTimeoutFailoverRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="shkedahttp.HttpScaledObjectSpecHeaders",
    jsii_struct_bases=[],
    name_mapping={"name": "name", "value": "value"},
)
class HttpScaledObjectSpecHeaders:
    def __init__(
        self,
        *,
        name: builtins.str,
        value: typing.Optional[builtins.str] = None,
    ) -> None:
        '''Header contains the definition for matching on header name and/or value.

        :param name: 
        :param value: 

        :schema: HttpScaledObjectSpecHeaders
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__8c245e9ce1f90bda6f8da0b183b3f2aeb9558fdb958dc58f4559b03df59fa6bc)
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
            check_type(argname="argument value", value=value, expected_type=type_hints["value"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "name": name,
        }
        if value is not None:
            self._values["value"] = value

    @builtins.property
    def name(self) -> builtins.str:
        '''
        :schema: HttpScaledObjectSpecHeaders#name
        '''
        result = self._values.get("name")
        assert result is not None, "Required property 'name' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def value(self) -> typing.Optional[builtins.str]:
        '''
        :schema: HttpScaledObjectSpecHeaders#value
        '''
        result = self._values.get("value")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HttpScaledObjectSpecHeaders(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="shkedahttp.HttpScaledObjectSpecReplicas",
    jsii_struct_bases=[],
    name_mapping={"max": "max", "min": "min"},
)
class HttpScaledObjectSpecReplicas:
    def __init__(
        self,
        *,
        max: typing.Optional[jsii.Number] = None,
        min: typing.Optional[jsii.Number] = None,
    ) -> None:
        '''(optional) Replica information.

        :param max: Maximum amount of replicas to have in the deployment (Default 100).
        :param min: Minimum amount of replicas to have in the deployment (Default 0).

        :schema: HttpScaledObjectSpecReplicas
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__bb367e56f742173db2f2dd400cf987b0fe5a42130c626e52bf179dd36cf948fe)
            check_type(argname="argument max", value=max, expected_type=type_hints["max"])
            check_type(argname="argument min", value=min, expected_type=type_hints["min"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if max is not None:
            self._values["max"] = max
        if min is not None:
            self._values["min"] = min

    @builtins.property
    def max(self) -> typing.Optional[jsii.Number]:
        '''Maximum amount of replicas to have in the deployment (Default 100).

        :schema: HttpScaledObjectSpecReplicas#max
        '''
        result = self._values.get("max")
        return typing.cast(typing.Optional[jsii.Number], result)

    @builtins.property
    def min(self) -> typing.Optional[jsii.Number]:
        '''Minimum amount of replicas to have in the deployment (Default 0).

        :schema: HttpScaledObjectSpecReplicas#min
        '''
        result = self._values.get("min")
        return typing.cast(typing.Optional[jsii.Number], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HttpScaledObjectSpecReplicas(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="shkedahttp.HttpScaledObjectSpecScaleTargetRef",
    jsii_struct_bases=[],
    name_mapping={
        "service": "service",
        "api_version": "apiVersion",
        "kind": "kind",
        "name": "name",
        "port": "port",
        "port_name": "portName",
    },
)
class HttpScaledObjectSpecScaleTargetRef:
    def __init__(
        self,
        *,
        service: builtins.str,
        api_version: typing.Optional[builtins.str] = None,
        kind: typing.Optional[builtins.str] = None,
        name: typing.Optional[builtins.str] = None,
        port: typing.Optional[jsii.Number] = None,
        port_name: typing.Optional[builtins.str] = None,
    ) -> None:
        '''The name of the deployment to route HTTP requests to (and to autoscale).

        Including validation as a requirement to define either the PortName or the Port

        :param service: The name of the service to route to.
        :param api_version: 
        :param kind: 
        :param name: 
        :param port: The port to route to.
        :param port_name: The port to route to referenced by name.

        :schema: HttpScaledObjectSpecScaleTargetRef
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__177df26fa3767806a37d86357761d015c421d216e79c0d30adf303a0e9446bc0)
            check_type(argname="argument service", value=service, expected_type=type_hints["service"])
            check_type(argname="argument api_version", value=api_version, expected_type=type_hints["api_version"])
            check_type(argname="argument kind", value=kind, expected_type=type_hints["kind"])
            check_type(argname="argument name", value=name, expected_type=type_hints["name"])
            check_type(argname="argument port", value=port, expected_type=type_hints["port"])
            check_type(argname="argument port_name", value=port_name, expected_type=type_hints["port_name"])
        self._values: typing.Dict[builtins.str, typing.Any] = {
            "service": service,
        }
        if api_version is not None:
            self._values["api_version"] = api_version
        if kind is not None:
            self._values["kind"] = kind
        if name is not None:
            self._values["name"] = name
        if port is not None:
            self._values["port"] = port
        if port_name is not None:
            self._values["port_name"] = port_name

    @builtins.property
    def service(self) -> builtins.str:
        '''The name of the service to route to.

        :schema: HttpScaledObjectSpecScaleTargetRef#service
        '''
        result = self._values.get("service")
        assert result is not None, "Required property 'service' is missing"
        return typing.cast(builtins.str, result)

    @builtins.property
    def api_version(self) -> typing.Optional[builtins.str]:
        '''
        :schema: HttpScaledObjectSpecScaleTargetRef#apiVersion
        '''
        result = self._values.get("api_version")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def kind(self) -> typing.Optional[builtins.str]:
        '''
        :schema: HttpScaledObjectSpecScaleTargetRef#kind
        '''
        result = self._values.get("kind")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def name(self) -> typing.Optional[builtins.str]:
        '''
        :schema: HttpScaledObjectSpecScaleTargetRef#name
        '''
        result = self._values.get("name")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def port(self) -> typing.Optional[jsii.Number]:
        '''The port to route to.

        :schema: HttpScaledObjectSpecScaleTargetRef#port
        '''
        result = self._values.get("port")
        return typing.cast(typing.Optional[jsii.Number], result)

    @builtins.property
    def port_name(self) -> typing.Optional[builtins.str]:
        '''The port to route to referenced by name.

        :schema: HttpScaledObjectSpecScaleTargetRef#portName
        '''
        result = self._values.get("port_name")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HttpScaledObjectSpecScaleTargetRef(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="shkedahttp.HttpScaledObjectSpecScalingMetric",
    jsii_struct_bases=[],
    name_mapping={"concurrency": "concurrency", "request_rate": "requestRate"},
)
class HttpScaledObjectSpecScalingMetric:
    def __init__(
        self,
        *,
        concurrency: typing.Optional[typing.Union["HttpScaledObjectSpecScalingMetricConcurrency", typing.Dict[builtins.str, typing.Any]]] = None,
        request_rate: typing.Optional[typing.Union["HttpScaledObjectSpecScalingMetricRequestRate", typing.Dict[builtins.str, typing.Any]]] = None,
    ) -> None:
        '''(optional) Configuration for the metric used for scaling.

        :param concurrency: Scaling based on concurrent requests for a given target.
        :param request_rate: Scaling based the average rate during an specific time window for a given target.

        :schema: HttpScaledObjectSpecScalingMetric
        '''
        if isinstance(concurrency, dict):
            concurrency = HttpScaledObjectSpecScalingMetricConcurrency(**concurrency)
        if isinstance(request_rate, dict):
            request_rate = HttpScaledObjectSpecScalingMetricRequestRate(**request_rate)
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__30a43d950c403cc82bc973c173107e0af0cdca4b9a90e7c82d6823d19493a7f5)
            check_type(argname="argument concurrency", value=concurrency, expected_type=type_hints["concurrency"])
            check_type(argname="argument request_rate", value=request_rate, expected_type=type_hints["request_rate"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if concurrency is not None:
            self._values["concurrency"] = concurrency
        if request_rate is not None:
            self._values["request_rate"] = request_rate

    @builtins.property
    def concurrency(
        self,
    ) -> typing.Optional["HttpScaledObjectSpecScalingMetricConcurrency"]:
        '''Scaling based on concurrent requests for a given target.

        :schema: HttpScaledObjectSpecScalingMetric#concurrency
        '''
        result = self._values.get("concurrency")
        return typing.cast(typing.Optional["HttpScaledObjectSpecScalingMetricConcurrency"], result)

    @builtins.property
    def request_rate(
        self,
    ) -> typing.Optional["HttpScaledObjectSpecScalingMetricRequestRate"]:
        '''Scaling based the average rate during an specific time window for a given target.

        :schema: HttpScaledObjectSpecScalingMetric#requestRate
        '''
        result = self._values.get("request_rate")
        return typing.cast(typing.Optional["HttpScaledObjectSpecScalingMetricRequestRate"], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HttpScaledObjectSpecScalingMetric(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="shkedahttp.HttpScaledObjectSpecScalingMetricConcurrency",
    jsii_struct_bases=[],
    name_mapping={"target_value": "targetValue"},
)
class HttpScaledObjectSpecScalingMetricConcurrency:
    def __init__(self, *, target_value: typing.Optional[jsii.Number] = None) -> None:
        '''Scaling based on concurrent requests for a given target.

        :param target_value: Target value for rate scaling.

        :schema: HttpScaledObjectSpecScalingMetricConcurrency
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__7be1d4dd5d8d108abc5a59bba61e335217dd1ab66894606f98857d020aac3c30)
            check_type(argname="argument target_value", value=target_value, expected_type=type_hints["target_value"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if target_value is not None:
            self._values["target_value"] = target_value

    @builtins.property
    def target_value(self) -> typing.Optional[jsii.Number]:
        '''Target value for rate scaling.

        :schema: HttpScaledObjectSpecScalingMetricConcurrency#targetValue
        '''
        result = self._values.get("target_value")
        return typing.cast(typing.Optional[jsii.Number], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HttpScaledObjectSpecScalingMetricConcurrency(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="shkedahttp.HttpScaledObjectSpecScalingMetricRequestRate",
    jsii_struct_bases=[],
    name_mapping={
        "granularity": "granularity",
        "target_value": "targetValue",
        "window": "window",
    },
)
class HttpScaledObjectSpecScalingMetricRequestRate:
    def __init__(
        self,
        *,
        granularity: typing.Optional[builtins.str] = None,
        target_value: typing.Optional[jsii.Number] = None,
        window: typing.Optional[builtins.str] = None,
    ) -> None:
        '''Scaling based the average rate during an specific time window for a given target.

        :param granularity: Time granularity for rate calculation.
        :param target_value: Target value for rate scaling.
        :param window: Time window for rate calculation.

        :schema: HttpScaledObjectSpecScalingMetricRequestRate
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__422f2f47aa20e52c9c3a10b7ce477ab74984e03bfc128cb1c8d04c5b3c0c608a)
            check_type(argname="argument granularity", value=granularity, expected_type=type_hints["granularity"])
            check_type(argname="argument target_value", value=target_value, expected_type=type_hints["target_value"])
            check_type(argname="argument window", value=window, expected_type=type_hints["window"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if granularity is not None:
            self._values["granularity"] = granularity
        if target_value is not None:
            self._values["target_value"] = target_value
        if window is not None:
            self._values["window"] = window

    @builtins.property
    def granularity(self) -> typing.Optional[builtins.str]:
        '''Time granularity for rate calculation.

        :schema: HttpScaledObjectSpecScalingMetricRequestRate#granularity
        '''
        result = self._values.get("granularity")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def target_value(self) -> typing.Optional[jsii.Number]:
        '''Target value for rate scaling.

        :schema: HttpScaledObjectSpecScalingMetricRequestRate#targetValue
        '''
        result = self._values.get("target_value")
        return typing.cast(typing.Optional[jsii.Number], result)

    @builtins.property
    def window(self) -> typing.Optional[builtins.str]:
        '''Time window for rate calculation.

        :schema: HttpScaledObjectSpecScalingMetricRequestRate#window
        '''
        result = self._values.get("window")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HttpScaledObjectSpecScalingMetricRequestRate(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


@jsii.data_type(
    jsii_type="shkedahttp.HttpScaledObjectSpecTimeouts",
    jsii_struct_bases=[],
    name_mapping={
        "condition_wait": "conditionWait",
        "response_header": "responseHeader",
    },
)
class HttpScaledObjectSpecTimeouts:
    def __init__(
        self,
        *,
        condition_wait: typing.Optional[builtins.str] = None,
        response_header: typing.Optional[builtins.str] = None,
    ) -> None:
        '''(optional) Timeouts that override the global ones.

        :param condition_wait: How long to wait for the backing workload to have 1 or more replicas before connecting and sending the HTTP request (Default is set by the KEDA_CONDITION_WAIT_TIMEOUT environment variable). Default: set by the KEDA_CONDITION_WAIT_TIMEOUT environment variable)
        :param response_header: How long to wait between when the HTTP request is sent to the backing app and when response headers need to arrive (Default is set by the KEDA_RESPONSE_HEADER_TIMEOUT environment variable). Default: set by the KEDA_RESPONSE_HEADER_TIMEOUT environment variable)

        :schema: HttpScaledObjectSpecTimeouts
        '''
        if __debug__:
            type_hints = cached_type_hints(_typecheckingstub__a40c8fed56109a8190c787d05b54629c253f2ffc71f97ee8cdb22fba8c85c365)
            check_type(argname="argument condition_wait", value=condition_wait, expected_type=type_hints["condition_wait"])
            check_type(argname="argument response_header", value=response_header, expected_type=type_hints["response_header"])
        self._values: typing.Dict[builtins.str, typing.Any] = {}
        if condition_wait is not None:
            self._values["condition_wait"] = condition_wait
        if response_header is not None:
            self._values["response_header"] = response_header

    @builtins.property
    def condition_wait(self) -> typing.Optional[builtins.str]:
        '''How long to wait for the backing workload to have 1 or more replicas before connecting and sending the HTTP request (Default is set by the KEDA_CONDITION_WAIT_TIMEOUT environment variable).

        :default: set by the KEDA_CONDITION_WAIT_TIMEOUT environment variable)

        :schema: HttpScaledObjectSpecTimeouts#conditionWait
        '''
        result = self._values.get("condition_wait")
        return typing.cast(typing.Optional[builtins.str], result)

    @builtins.property
    def response_header(self) -> typing.Optional[builtins.str]:
        '''How long to wait between when the HTTP request is sent to the backing app and when response headers need to arrive (Default is set by the KEDA_RESPONSE_HEADER_TIMEOUT environment variable).

        :default: set by the KEDA_RESPONSE_HEADER_TIMEOUT environment variable)

        :schema: HttpScaledObjectSpecTimeouts#responseHeader
        '''
        result = self._values.get("response_header")
        return typing.cast(typing.Optional[builtins.str], result)

    def __eq__(self, rhs: typing.Any) -> builtins.bool:
        return isinstance(rhs, self.__class__) and rhs._values == self._values

    def __ne__(self, rhs: typing.Any) -> builtins.bool:
        return not (rhs == self)

    def __repr__(self) -> str:
        return "HttpScaledObjectSpecTimeouts(%s)" % ", ".join(
            k + "=" + repr(v) for k, v in self._values.items()
        )


__all__ = [
    "HttpScaledObject",
    "HttpScaledObjectProps",
    "HttpScaledObjectSpec",
    "HttpScaledObjectSpecColdStartTimeoutFailoverRef",
    "HttpScaledObjectSpecHeaders",
    "HttpScaledObjectSpecReplicas",
    "HttpScaledObjectSpecScaleTargetRef",
    "HttpScaledObjectSpecScalingMetric",
    "HttpScaledObjectSpecScalingMetricConcurrency",
    "HttpScaledObjectSpecScalingMetricRequestRate",
    "HttpScaledObjectSpecTimeouts",
]

publication.publish()

def _typecheckingstub__0392b9bc93a17e0aa0b6e2224f7e205dd9b9684258b35d4dfbbb6f61705f352c(
    scope: _constructs_77d1e7e8.Construct,
    id: builtins.str,
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[HttpScaledObjectSpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__826b08c15b03f15119bd10900b8432e6d90529da36674bb0de1ee6dc27632c20(
    *,
    metadata: typing.Optional[typing.Union[_cdk8s_d3d9af27.ApiObjectMetadata, typing.Dict[builtins.str, typing.Any]]] = None,
    spec: typing.Optional[typing.Union[HttpScaledObjectSpec, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__668f12adb698240d8356c333efc4fd2357e70d0118d4fef20666a41c72bc3fe1(
    *,
    scale_target_ref: typing.Union[HttpScaledObjectSpecScaleTargetRef, typing.Dict[builtins.str, typing.Any]],
    cold_start_timeout_failover_ref: typing.Optional[typing.Union[HttpScaledObjectSpecColdStartTimeoutFailoverRef, typing.Dict[builtins.str, typing.Any]]] = None,
    headers: typing.Optional[typing.Sequence[typing.Union[HttpScaledObjectSpecHeaders, typing.Dict[builtins.str, typing.Any]]]] = None,
    hosts: typing.Optional[typing.Sequence[builtins.str]] = None,
    initial_cooldown_period: typing.Optional[jsii.Number] = None,
    path_prefixes: typing.Optional[typing.Sequence[builtins.str]] = None,
    replicas: typing.Optional[typing.Union[HttpScaledObjectSpecReplicas, typing.Dict[builtins.str, typing.Any]]] = None,
    scaledown_period: typing.Optional[jsii.Number] = None,
    scaling_metric: typing.Optional[typing.Union[HttpScaledObjectSpecScalingMetric, typing.Dict[builtins.str, typing.Any]]] = None,
    target_pending_requests: typing.Optional[jsii.Number] = None,
    timeouts: typing.Optional[typing.Union[HttpScaledObjectSpecTimeouts, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__b305cd669a3f335a5f40cde548573aae8be9cfbd02a2d2f8fe67e25646b06783(
    *,
    service: builtins.str,
    port: typing.Optional[jsii.Number] = None,
    port_name: typing.Optional[builtins.str] = None,
    timeout_seconds: typing.Optional[jsii.Number] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__8c245e9ce1f90bda6f8da0b183b3f2aeb9558fdb958dc58f4559b03df59fa6bc(
    *,
    name: builtins.str,
    value: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__bb367e56f742173db2f2dd400cf987b0fe5a42130c626e52bf179dd36cf948fe(
    *,
    max: typing.Optional[jsii.Number] = None,
    min: typing.Optional[jsii.Number] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__177df26fa3767806a37d86357761d015c421d216e79c0d30adf303a0e9446bc0(
    *,
    service: builtins.str,
    api_version: typing.Optional[builtins.str] = None,
    kind: typing.Optional[builtins.str] = None,
    name: typing.Optional[builtins.str] = None,
    port: typing.Optional[jsii.Number] = None,
    port_name: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__30a43d950c403cc82bc973c173107e0af0cdca4b9a90e7c82d6823d19493a7f5(
    *,
    concurrency: typing.Optional[typing.Union[HttpScaledObjectSpecScalingMetricConcurrency, typing.Dict[builtins.str, typing.Any]]] = None,
    request_rate: typing.Optional[typing.Union[HttpScaledObjectSpecScalingMetricRequestRate, typing.Dict[builtins.str, typing.Any]]] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__7be1d4dd5d8d108abc5a59bba61e335217dd1ab66894606f98857d020aac3c30(
    *,
    target_value: typing.Optional[jsii.Number] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__422f2f47aa20e52c9c3a10b7ce477ab74984e03bfc128cb1c8d04c5b3c0c608a(
    *,
    granularity: typing.Optional[builtins.str] = None,
    target_value: typing.Optional[jsii.Number] = None,
    window: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass

def _typecheckingstub__a40c8fed56109a8190c787d05b54629c253f2ffc71f97ee8cdb22fba8c85c365(
    *,
    condition_wait: typing.Optional[builtins.str] = None,
    response_header: typing.Optional[builtins.str] = None,
) -> None:
    """Type checking stubs"""
    pass
